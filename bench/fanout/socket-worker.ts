import { parentPort, workerData } from 'node:worker_threads';
import { RawSocket } from './raw-socket';

/**
 * A share of the benchmark's agents, in a thread of its own so that receiving 100,000 frames a second
 * is not queued behind the main thread's webhook posting. Reports (event number, arrival time) pairs;
 * times are `performance.timeOrigin + performance.now()`, comparable across threads.
 */
interface Init {
  /** API processes; agent k (counted over every thread) connects to bases[k % bases.length]. */
  bases: string[];
  offset: number;
  tokens: string[];
  source: 'webhook' | 'patch';
}

const { bases, offset, tokens, source } = workerData as Init;
const now = () => performance.timeOrigin + performance.now();
let arrivals: number[] = [];

const MESSAGE_CREATED = Buffer.from('42["message.created"');
const CONVERSATION_UPDATED = Buffer.from('42["conversation.updated"');
const startsWith = (frame: Buffer, prefix: Buffer) => frame.length >= prefix.length && frame.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

/** The event number a frame carries after `marker` (digits up to `end`), read without decoding the frame. */
function numberAfter(frame: Buffer, marker: string, end: string): number | null {
  const i = frame.indexOf(marker);
  if (i < 0) return null;
  const from = i + marker.length;
  return Number(frame.toString('latin1', from, frame.indexOf(end, from)));
}

function onFrame(frame: Buffer): void {
  const at = now();
  let n: number | null = null;
  if (startsWith(frame, MESSAGE_CREATED)) n = numberAfter(frame, '"text":"fx:', ' ');
  else if (source === 'patch' && startsWith(frame, CONVERSATION_UPDATED)) n = numberAfter(frame, '"labels":["fx', '"');
  if (n !== null) arrivals.push(n, at);
}

async function main(): Promise<void> {
  const sockets: RawSocket[] = [];
  for (let i = 0; i < tokens.length; i += 50) {
    await Promise.all(
      tokens.slice(i, i + 50).map(async (token, j) => {
        const s = new RawSocket(bases[(offset + i + j) % bases.length], token, onFrame);
        await s.connect();
        sockets.push(s);
      }),
    );
  }
  parentPort!.postMessage({ type: 'connected', count: sockets.length });
  const flush = setInterval(() => {
    if (!arrivals.length) return;
    parentPort!.postMessage({ type: 'arrivals', arrivals });
    arrivals = [];
  }, 50);
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type !== 'close') return;
    clearInterval(flush);
    if (arrivals.length) parentPort!.postMessage({ type: 'arrivals', arrivals });
    for (const s of sockets) s.close();
    parentPort!.postMessage({ type: 'closed' });
  });
}

main().catch((err) => parentPort!.postMessage({ type: 'error', message: String(err) }));
