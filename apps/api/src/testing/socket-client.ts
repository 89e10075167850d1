import type { ClientToServerEvents, EventEnvelope, ServerEventName, ServerToClientEvents } from '@babillard/contracts';
import { SERVER_EVENTS } from '@babillard/contracts';
import { io, type Socket } from 'socket.io-client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Received {
  name: ServerEventName;
  payload: EventEnvelope & Record<string, unknown>;
  at: number;
}

/** A console's socket that records everything pushed to it. */
export interface Agent {
  socket: TestSocket;
  received: Received[];
  /** Resolves with the first event (already received or to come) that matches. */
  waitFor(match: (e: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

export function connectAgent(url: string, token: string): Promise<Agent> {
  const socket: TestSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: Received[] = [];
  const waiters: { match: (e: Received) => boolean; resolve: (e: Received) => void }[] = [];
  for (const name of Object.values(SERVER_EVENTS)) {
    (socket as unknown as Socket).on(name, (payload: Received['payload']) => {
      const e = { name, payload, at: Date.now() };
      received.push(e);
      for (const w of [...waiters]) {
        if (w.match(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  }
  const agent: Agent = {
    socket,
    received,
    waitFor(match, timeoutMs = 5000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${received.map((r) => r.name).join(', ') || 'nothing'}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(agent));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
