import { connect, type Socket } from 'node:net';
import { loadConfig } from '../config/app-config';
import { createTestApp, TEST_ENV, type TestApp } from '../testing/test-app';

/** A raw keep-alive connection: what a webhook sender holds between deliveries. */
function openConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends GET /health on the connection and resolves with the status line of its answer. */
function askHealth(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const headersEnd = received.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(received)?.[1];
      if (headersEnd < 0 || length === undefined || received.length < headersEnd + 4 + Number(length)) return;
      socket.off('data', onData);
      resolve(received.slice(0, received.indexOf('\r\n')));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('connection closed before the answer')));
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
  });
}

const closedWithin = (socket: Socket, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

describe('HTTP keep-alive', () => {
  it('keeps idle connections a minute and more by default, beyond Node’s 5 s', () => {
    expect(loadConfig(TEST_ENV).HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
  });

  describe('with HTTP_KEEP_ALIVE_TIMEOUT_MS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ listen: true, env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '1500' } });
    });
    afterAll(() => t.close());

    it('serves a reused connection while it has been idle less than that', async () => {
      const socket = await openConnection(t.url!);
      try {
        expect(await askHealth(socket)).toBe('HTTP/1.1 200 OK');
        await new Promise((r) => setTimeout(r, 700));
        expect(await askHealth(socket)).toBe('HTTP/1.1 200 OK');
      } finally {
        socket.destroy();
      }
    });

    it('closes a connection idle for longer', async () => {
      const socket = await openConnection(t.url!);
      try {
        expect(await askHealth(socket)).toBe('HTTP/1.1 200 OK');
        expect(await closedWithin(socket, 700)).toBe(false);
        expect(await closedWithin(socket, 2_500)).toBe(true);
      } finally {
        socket.destroy();
      }
    });
  });
});
