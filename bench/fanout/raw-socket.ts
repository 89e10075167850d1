import WebSocket from 'ws';

const [CHAR_0, CHAR_2, CHAR_4] = ['0', '2', '4'].map((c) => c.charCodeAt(0));

/**
 * A socket.io client reduced to what the benchmark needs, speaking the Engine.IO v4 / Socket.IO v5
 * wire protocol over a plain WebSocket. It answers pings and hands over raw event frames without
 * JSON-parsing them, so a thousand of them in one process measure the server, not the clients.
 */
export class RawSocket {
  private ws: WebSocket | null = null;

  constructor(
    private readonly url: string,
    private readonly token: string,
    /** Socket.IO event frames (`42[…]`), as received. */
    private readonly onFrame: (frame: Buffer) => void,
  ) {}

  connect(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new URL(this.url);
      // Frames stay Buffers (no UTF-8 validation or decoding) until the benchmark reads the part it needs.
      const ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false, skipUTF8Validation: true });
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error('socket connect timed out')), timeoutMs);
      ws.on('message', (data: Buffer) => {
        if (data[0] === CHAR_4 && data[1] === CHAR_2) this.onFrame(data);
        else if (data.length === 1 && data[0] === CHAR_2) ws.send('3'); // ping → pong
        else if (data[0] === CHAR_0) ws.send(`40${JSON.stringify({ token: this.token })}`);
        else if (data[0] === CHAR_4 && data[1] === CHAR_0) {
          clearTimeout(timer);
          resolve();
        } else if (data[0] === CHAR_4 && data[1] === CHAR_4) {
          clearTimeout(timer);
          reject(new Error(`refused: ${data.subarray(2).toString()}`));
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  close(): void {
    this.ws?.close();
  }
}
