import type { Server } from 'node:http';

/**
 * Keeps idle keep-alive connections open for `idleMs`. Platforms post webhooks over connections they
 * reuse; with Node's 5 s default, a sender reusing a connection just as the server closed it had its
 * request reset (bench:fanout at 1,000/s, where the event loop runs late: 6 to 16 of some 3,000
 * webhooks in three runs of four). A minute and more also outlasts the idle timeout of the usual
 * load balancers, so the proxy, not the API, closes first. Node wants the headers timeout above the
 * keep-alive one.
 */
export function keepConnectionsAlive(server: Server, idleMs: number): void {
  server.keepAliveTimeout = idleMs;
  server.headersTimeout = Math.max(server.headersTimeout, idleMs + 1_000);
}
