import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { batchBroadcasts } from './batched-broadcast';

/** A bare socket.io server (in-memory adapter) and real clients: what each socket receives, and how it left. */
describe('batched broadcasts', () => {
  let http: HttpServer;
  let server: Server;
  let url: string;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    batchBroadcasts();
    http = createServer();
    server = new Server(http, { serveClient: false });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A client in `rooms`, the events it receives (in order), and the engine.io packets created for it on the server. */
  async function join(name: string, rooms: string[]) {
    const client = connectClient(url, { transports: ['websocket'], auth: { name } });
    clients.push(client);
    const received: unknown[] = [];
    client.onAny((event: string, value: unknown) => received.push(event === 'bin' ? `bin:${[...(value as Buffer)].join('')}` : value));
    const socket = await new Promise<ServerSocket>((resolve) => {
      const onConnection = (s: ServerSocket) => {
        if (s.handshake.auth.name !== name) return;
        server.off('connection', onConnection);
        void Promise.resolve(s.join(rooms)).then(() => resolve(s));
      };
      server.on('connection', onConnection);
    });
    await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
    const enginePackets: string[] = [];
    socket.conn.on('packetCreate', (p: { type: string; data?: unknown }) => {
      if (p.type === 'message') enginePackets.push(String(p.data));
    });
    return { client, socket, received, enginePackets };
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('delivers a tick’s broadcasts to every socket in order, written to the connection rather than through engine.io', async () => {
    const a = await join('a', ['r1']);
    const b = await join('b', ['r1', 'r2']);
    const c = await join('c', ['r2']);

    // One tick: overlapping rooms, and a binary event (socket.io's usual path) between text ones.
    server.to('r1').emit('e', 1);
    server.to('r2').emit('e', 2);
    server.to(['r1', 'r2']).emit('e', 3);
    server.to('r1').emit('bin', Buffer.from([4, 4]));
    server.to('r1').emit('e', 5);

    await until(() => a.received.length === 4 && b.received.length === 5 && c.received.length === 2);
    expect(a.received).toEqual([1, 3, 'bin:44', 5]);
    expect(b.received).toEqual([1, 2, 3, 'bin:44', 5]);
    expect(c.received).toEqual([2, 3]);
    // Text broadcasts left as pre-encoded frames written to the connection, without an engine.io packet
    // per socket. The binary event went through engine.io, where its attachment still waited when the
    // tick ended: so the event after it went that way too, behind it.
    for (const s of [a, b]) expect(s.enginePackets.filter((p) => p.includes('"e"'))).toEqual(['2["e",5]']);
    expect(c.enginePackets).toEqual([]);
  });

  it('sends a tick’s frames through engine.io, after what waits there, to a socket whose engine.io queue is not empty', async () => {
    const d = await join('d', ['r3']);
    const transport = d.socket.conn.transport as unknown as { writable: boolean };
    const engine = d.socket.conn as unknown as { flush(): void };
    // A write still in progress: engine.io queues what the socket emits meanwhile.
    transport.writable = false;
    d.socket.emit('e', 'queued first');
    server.to('r3').emit('e', 'broadcast after');
    await new Promise((r) => setTimeout(r, 20));
    expect(d.received).toEqual([]);

    transport.writable = true;
    engine.flush();
    await until(() => d.received.length === 2);
    expect(d.received).toEqual(['queued first', 'broadcast after']);
    expect(d.enginePackets.some((p) => p.includes('broadcast after'))).toBe(true);
  });
});
