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

function onFrame(frame: string): void {
  const at = now();
  let n: number;
  if (frame.startsWith('42["message.created"')) {
    const i = frame.indexOf('"text":"fx:');
    if (i < 0) return;
    n = Number(frame.slice(i + 11, frame.indexOf(' ', i + 11)));
  } else if (source === 'patch' && frame.startsWith('42["conversation.updated"')) {
    const i = frame.indexOf('"labels":["fx');
    if (i < 0) return;
    n = Number(frame.slice(i + 13, frame.indexOf('"', i + 13)));
  } else return;
  arrivals.push(n, at);
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
