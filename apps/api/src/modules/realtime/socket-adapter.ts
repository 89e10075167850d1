import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { createClient } from 'redis';
import { Adapter, MessageType, type BroadcastOptions, type ClusterAdapterWithHeartbeat, type ClusterMessage } from 'socket.io-adapter';
import type { Server } from 'socket.io';
import type { Runtime } from '../../core/runtime';

type AdapterConstructor = Parameters<Server['adapter']>[0];

/** How socket.io reaches the other API processes, and how to let go of it at shutdown. */
export interface SocketAdapterHandle {
  kind: 'redis' | 'postgres';
  adapter: AdapterConstructor;
  close(): Promise<void>;
}

export const SOCKET_ADAPTER = Symbol('SOCKET_ADAPTER');

const logger = new Logger('SocketAdapter');

/**
 * Redis pub/sub when REDIS_URL is set; otherwise LISTEN/NOTIFY on the application's PostgreSQL, so a
 * second process needs nothing new to share events (and presence counts) with the first.
 */
export async function createSocketAdapter(runtime: Runtime): Promise<SocketAdapterHandle> {
  if (runtime.config.REDIS_URL) {
    const pub = createClient({ url: runtime.config.REDIS_URL });
    const sub = pub.duplicate();
    pub.on('error', (err) => logger.warn(`redis (publish): ${err}`));
    sub.on('error', (err) => logger.warn(`redis (subscribe): ${err}`));
    await Promise.all([pub.connect(), sub.connect()]);
    return {
      kind: 'redis',
      adapter: createRedisAdapter(pub, sub, { key: 'babillard' }),
      async close() {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  const pool = new Pool({ connectionString: runtime.databaseUrl, max: 4 });
  pool.on('error', (err) => logger.warn(`postgres adapter pool: ${err}`));
  // The adapter keeps one pooled client checked out for LISTEN without an error listener; give every
  // client one, so a database restart is logged (and the adapter reconnects) instead of crashing us.
  pool.on('connect', (client) => client.on('error', (err) => logger.warn(`postgres adapter connection: ${err.message}`)));
  return {
    kind: 'postgres',
    adapter: orderedPostgresBroadcast(
      createPostgresAdapter(pool, {
        channelPrefix: 'babillard_sio',
        errorHandler: (err) => logger.warn(`postgres adapter: ${err}`),
      }),
    ),
    async close() {
      // pool.end() waits for the adapter's LISTEN client, which may never be released after a
      // connection loss: don't let that hold up shutdown.
      await Promise.race([pool.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    },
  };
}

/**
 * The PostgreSQL adapter awaits each broadcast's NOTIFY before emitting locally, on a pool of
 * connections: two events sent back to back can reach this process's own sockets in the wrong order,
 * and every event pays a round trip even when no other process listens. Here sockets of this process
 * get the event at once, in the order sent; the NOTIFYs to other processes go one after another (in
 * order), and not at all while heartbeats say no other process is up. A client that connects to a
 * process which started during that instant still gets the event: it replays from the event log.
 */
function orderedPostgresBroadcast(factory: AdapterConstructor): AdapterConstructor {
  const create = factory as unknown as (nsp: unknown) => ClusterAdapterWithHeartbeat;
  // socket.io calls the adapter with `new`: a plain function that returns the instance.
  return function (nsp: unknown) {
    const adapter = create(nsp);
    const cluster = adapter as unknown as { nodesMap: Map<string, number>; publishAndReturnOffset(message: ClusterMessage): Promise<string> };
    let notifying: Promise<unknown> = Promise.resolve();
    adapter.broadcast = (packet: unknown, opts: BroadcastOptions) => {
      if (!opts.flags?.local && cluster.nodesMap.size > 0) {
        const message = {
          type: MessageType.BROADCAST,
          data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } },
        } as ClusterMessage;
        notifying = notifying.then(() => cluster.publishAndReturnOffset(message)).catch((err) => logger.warn(`postgres adapter broadcast: ${err}`));
      }
      Adapter.prototype.broadcast.call(adapter, packet as never, opts);
      return Promise.resolve();
    };
    return adapter;
  } as unknown as AdapterConstructor;
}
