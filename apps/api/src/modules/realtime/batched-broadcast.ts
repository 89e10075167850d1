import { Logger } from '@nestjs/common';
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';
import { StageClock } from '../../core/stage-clock';

/** The parts of socket.io, engine.io and ws this reads (all pinned); see rawSocketOf. */
interface NetSocket {
  destroyed: boolean;
  writable: boolean;
  write(chunk: Buffer): boolean;
}

interface WsSocket {
  readyState: number;
  _sender?: { _state: number; _queue: unknown[] };
  _socket?: NetSocket;
}

interface EngineSocket {
  readyState: string;
  writeBuffer: unknown[];
  transport: { name: string; perMessageDeflate?: unknown; socket?: WsSocket };
}

interface IoSocket {
  connected: boolean;
  client: { conn: EngineSocket; writeToEngine(encoded: unknown, opts: unknown): void };
  notifyOutgoingListeners?(packet: unknown): void;
}

interface PacketOptions {
  preEncoded: boolean;
  volatile?: boolean;
  compress?: boolean;
  wsPreEncodedFrame?: Buffer[];
}

interface AdapterInternals {
  nsp: { name: string };
  _encode(packet: unknown, opts: PacketOptions): unknown;
  apply(opts: BroadcastOptions, callback: (socket: IoSocket) => void): void;
}

/** A broadcast of this tick: its WebSocket frame, and what engine.io needs should a socket not take it directly. */
interface Frame {
  frame: Buffer;
  encoded: unknown;
  opts: PacketOptions;
}

const WS_OPEN = 1;
const WS_SENDER_IDLE = 0;

let frames: Frame[] = [];
/** Per socket, the frames it gets this tick (indexes into `frames`), in broadcast order. */
let targets = new Map<IoSocket, number[]>();
let scheduled = false;
let installed = false;
const logger = new Logger('RealtimeGateway');

/**
 * The network socket under a socket.io socket, when a frame can be written to it directly: an open
 * WebSocket, without compression, with nothing waiting in engine.io's or ws's queues (whatever is
 * queued there must go first).
 */
function rawSocketOf(socket: IoSocket): NetSocket | null {
  const conn = socket.client?.conn;
  if (!socket.connected || conn?.readyState !== 'open' || conn.writeBuffer?.length !== 0) return null;
  const transport = conn.transport;
  if (transport?.name !== 'websocket' || transport.perMessageDeflate) return null;
  const ws = transport.socket;
  const sender = ws?._sender;
  if (ws?.readyState !== WS_OPEN || sender?._state !== WS_SENDER_IDLE || sender._queue?.length !== 0) return null;
  const raw = ws._socket;
  return raw && !raw.destroyed && raw.writable && typeof raw.write === 'function' ? raw : null;
}

/**
 * Writes the tick's broadcasts. Sockets that get the same frames (a team's agents, for a batch of that
 * team's events) share one buffer, written once to each: one write per socket per tick, however many
 * events it gets, and no per-frame work per socket. A socket that cannot take it directly gets its
 * frames through engine.io, in the same order.
 */
function flush(): void {
  const clock = StageClock.start();
  scheduled = false;
  const tickFrames = frames;
  const tickTargets = targets;
  frames = [];
  targets = new Map();
  // Keyed by the frame's index when a socket gets one frame (the usual case below 1,000 events/s).
  const groups = new Map<number | string, { ids: number[]; sockets: IoSocket[] }>();
  for (const [socket, ids] of tickTargets) {
    const key = ids.length === 1 ? ids[0] : ids.join(',');
    const group = groups.get(key);
    if (group) group.sockets.push(socket);
    else groups.set(key, { ids, sockets: [socket] });
  }
  for (const { ids, sockets } of groups.values()) {
    let joined: Buffer | null = null;
    for (const socket of sockets) {
      // Runs from the tick queue, where a throw would end the process: one connection's trouble stays its own.
      try {
        const raw = rawSocketOf(socket);
        if (raw) {
          joined ??= ids.length === 1 ? tickFrames[ids[0]].frame : Buffer.concat(ids.map((i) => tickFrames[i].frame));
          raw.write(joined);
        } else {
          for (const i of ids) socket.client.writeToEngine(tickFrames[i].encoded, tickFrames[i].opts);
        }
      } catch (err) {
        logger.warn(`a socket missed ${ids.length} events: ${(err as Error).message}`);
      }
    }
  }
  clock?.lap('realtime.flush', tickTargets.size);
}

/**
 * socket.io delivers a broadcast to each local socket through engine.io and ws: a packet object, its
 * events and a write of its own per socket, per event. For 1,000 events a second to teams of 100,
 * that per-socket work is most of what the API spends. Here a broadcast is encoded once (as socket.io
 * does) and queued; at the end of the tick (as the publisher emits a batch synchronously) each socket
 * gets all of its frames in one write. Frames and their order on the wire are what socket.io would have
 * sent; nothing waits beyond the current tick.
 *
 * Patches the in-memory adapter's local delivery, which the Redis and PostgreSQL adapters call for
 * this process's sockets (pinned versions). Broadcasts it does not cover (volatile, binary) flush the
 * queue first and go the usual way, so order holds among broadcasts, which is how every sequenced
 * event leaves; a frame emitted to one socket alone (an ephemeral `viewing` answer) in the same tick
 * may reach it before the tick's broadcasts. If the internals it reads change shape, sockets simply
 * get their frames through engine.io.
 */
export function batchBroadcasts(): void {
  if (installed) return;
  installed = true;
  const original = Adapter.prototype.broadcast;
  if (typeof original !== 'function') {
    logger.warn('socket.io adapter broadcast not found: broadcasts are not batched');
    return;
  }
  Adapter.prototype.broadcast = function (this: Adapter, packet: { nsp?: string }, opts: BroadcastOptions): void {
    const adapter = this as unknown as AdapterInternals;
    const flags = opts.flags ?? {};
    const packetOpts: PacketOptions = { preEncoded: true, volatile: flags.volatile, compress: flags.compress };
    packet.nsp = adapter.nsp.name;
    const encoded = adapter._encode(packet, packetOpts);
    const pre = packetOpts.wsPreEncodedFrame;
    if (flags.volatile || !pre?.length) {
      // socket.io's own delivery (it encodes again: these are rare), behind what this tick queued.
      if (scheduled) flush();
      return original.call(this, packet as never, opts);
    }
    // socket.io encodes the frame as [header, payload]: joined once, each socket's copy is one chunk
    // (and so is engine.io's, for a socket that gets it that way).
    const frame = pre.length === 1 ? pre[0] : Buffer.concat(pre);
    packetOpts.wsPreEncodedFrame = [frame];
    const id = frames.push({ frame, encoded, opts: packetOpts }) - 1;
    adapter.apply(opts, (socket) => {
      socket.notifyOutgoingListeners?.(packet);
      const ids = targets.get(socket);
      if (ids) ids.push(id);
      else targets.set(socket, [id]);
    });
    if (!scheduled) {
      scheduled = true;
      process.nextTick(flush);
    }
  } as typeof original;
}
