import { Logger } from '@nestjs/common';
import { transports } from 'engine.io';

interface CorkableSocket {
  writableCorked: number;
  destroyed: boolean;
  cork(): void;
  uncork(): void;
}

interface WebSocketTransport {
  socket?: { _socket?: CorkableSocket };
  writable: boolean;
  send(packets: unknown[]): void;
}

let installed = false;

/**
 * Every frame socket.io sends to a WebSocket is its own write: one system call, one TCP segment and
 * one wake-up of the client. Broadcasts are written per tick by batched-broadcast.ts; this covers the
 * frames that still go through engine.io (to one socket, or to a socket with engine.io's queue in
 * use): when several reach the same console within one tick, holding the connection's writes until
 * the tick ends sends them together, as one writev. Nothing waits longer than the current tick.
 * engine.io marks the transport busy until a write completes and queues what follows; while the
 * connection is held no write can complete, so the transport stays open to the rest of the tick's
 * frames, and is marked busy again when the tick ends, until the write it flushed completes (a slow
 * console still backs up in engine.io's queue, as before). A patch on engine.io's (pinned) WebSocket
 * transport: if its shape changes, frames simply go out one by one, as before.
 */
export function coalesceWebSocketWrites(): void {
  if (installed) return;
  installed = true;
  const proto = (transports as unknown as Record<string, { prototype: WebSocketTransport } | undefined>).websocket?.prototype;
  if (!proto || typeof proto.send !== 'function') {
    new Logger('RealtimeGateway').warn('engine.io WebSocket transport not found: frames are written one by one');
    return;
  }
  const send = proto.send;
  proto.send = function (this: WebSocketTransport, packets: unknown[]) {
    const raw = this.socket?._socket;
    if (!raw || raw.destroyed || typeof raw.cork !== 'function') return send.call(this, packets);
    if (raw.writableCorked === 0) {
      raw.cork();
      process.nextTick(() => {
        raw.uncork();
        // The write's completion (deferred to a later tick at the earliest) marks it open again.
        this.writable = false;
      });
    }
    send.call(this, packets);
    this.writable = true;
  };
}
