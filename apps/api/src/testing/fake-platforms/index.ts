export * from './fake-http';
export * from './fake-graph';
export * from './fake-x';
export * from './fake-api-receiver';
