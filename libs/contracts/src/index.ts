export * from './enums';
export * from './api';
export * from './events';
export * from './query-keys';
export * from './platform-limits';
export * from './canned-responses';
