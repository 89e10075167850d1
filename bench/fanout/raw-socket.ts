import WebSocket from 'ws';

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
    private readonly onFrame: (frame: string) => void,
  ) {}

  connect(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const u = new URL(this.url);
      const ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error('socket connect timed out')), timeoutMs);
      ws.on('message', (data) => {
        const frame = data.toString();
        if (frame === '2') ws.send('3'); // ping → pong
        else if (frame.startsWith('0')) ws.send(`40${JSON.stringify({ token: this.token })}`);
        else if (frame.startsWith('40')) {
          clearTimeout(timer);
          resolve();
        } else if (frame.startsWith('44')) {
          clearTimeout(timer);
          reject(new Error(`refused: ${frame.slice(2)}`));
        } else if (frame.startsWith('42')) this.onFrame(frame);
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
