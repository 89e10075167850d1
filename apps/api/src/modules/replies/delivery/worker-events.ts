import { PgListener } from '../../../database/pg-listener';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { CHANNEL_EVENTS } from '../../channels/channel.events';
import { DOMAIN_EVENTS } from '../../conversations/conversation.events';

/** NOTIFY channel carrying a worker process's domain events to the API processes that push them to consoles. */
export const WORKER_EVENTS_CHANNEL = 'babillard_worker_events';

/**
 * What a worker process relays: every domain event (delivery's message.updated, and what intake
 * normalisation and routing publish: conversations and messages created or updated, crisis
 * incidents, notifications) and channel status changes. In API processes only realtime listens to
 * them, so re-emitting them there pushes them to consoles and does nothing twice.
 */
export const RELAYED_EVENTS: readonly string[] = [...Object.values(DOMAIN_EVENTS), CHANNEL_EVENTS.statusChanged];

export interface RelayedEvent {
  name: string;
  payload: unknown;
}

/** A piece of an event too large for one notification; the pieces of one event travel in one transaction, in order. */
interface EventPart {
  part: string;
  i: number;
  n: number;
  chunk: string;
}

/** How far back a starting worker re-announces settled deliveries. */
const RECENT_DELIVERIES_MINUTES = 5;

/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7500;
/** Characters of an oversized event per piece: at most 3 bytes each once escaped again, plus the wrapper. */
const PART_CHARS = 2000;

/**
 * Events as notification payloads: JSON arrays of as many events as fit in one payload; an event
 * that does not fit alone (a crisis incident listing hundreds of threads) goes in pieces.
 */
export function packEvents(events: RelayedEvent[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 2;
  const flush = () => {
    if (current.length) out.push(`[${current.join(',')}]`);
    current = [];
    size = 2;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    if (bytes + 2 > MAX_PAYLOAD_BYTES) {
      flush();
      const id = randomUUID();
      const n = Math.ceil(json.length / PART_CHARS);
      for (let i = 0; i < n; i++) {
        const part: EventPart = { part: id, i, n, chunk: json.slice(i * PART_CHARS, (i + 1) * PART_CHARS) };
        out.push(JSON.stringify([part]));
      }
      continue;
    }
    if (current.length && size + bytes + 1 > MAX_PAYLOAD_BYTES) flush();
    current.push(json);
    size += bytes + 1;
  }
  flush();
  return out;
}

function withoutSnapshot(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object' || !('created' in payload)) return payload;
  const { created: _created, ...rest } = payload as Record<string, unknown>;
  return rest;
}

/** Reads notification payloads back into events, joining the pieces of oversized ones. */
export class EventUnpacker {
  private readonly parts = new Map<string, string[]>();

  /** The events complete after this payload (a single event from a worker of the previous version too). */
  unpack(payload: string): RelayedEvent[] {
    const parsed = JSON.parse(payload) as (RelayedEvent | EventPart)[] | RelayedEvent;
    const out: RelayedEvent[] = [];
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      if (!('part' in item)) {
        out.push(item);
        continue;
      }
      const pieces = this.parts.get(item.part) ?? [];
      pieces[item.i] = item.chunk;
      this.parts.set(item.part, pieces);
      if (pieces.filter((p) => p !== undefined).length === item.n) {
        this.parts.delete(item.part);
        out.push(JSON.parse(pieces.join('')) as RelayedEvent);
      }
    }
    // Pieces of an event whose transaction never completed cannot linger forever.
    if (this.parts.size > 100) this.parts.delete(this.parts.keys().next().value!);
    return out;
  }
}

/**
 * In a worker process (no socket.io): forwards what delivery, intake and routing emit to the API
 * processes. Events emitted while a NOTIFY is on its way go together in the next one (JSON
 * arrays), so a burst costs a few notifications, not one each.
 */
@Injectable()
export class WorkerEventsRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerEventsRelay.name);
  private pending: RelayedEvent[] = [];
  private sending: Promise<void> | null = null;
  private readonly handlers: [string, (payload: unknown) => void][] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of RELAYED_EVENTS) {
      // A created message's snapshot stays in this process: the API re-reads it (dates do not survive JSON).
      const handler = (payload: unknown) => this.relay({ name, payload: withoutSnapshot(payload) });
      this.events.on(name, handler);
      this.handlers.push([name, handler]);
    }
    await this.announceRecentDeliveries().catch((err: Error) => this.logger.warn(`could not re-announce recent deliveries: ${err.message}`));
  }

  /**
   * Notifications leave after commit: a worker killed in between took some with it. A starting
   * worker announces again the delivery states settled in the last minutes, so consoles show every
   * reply's final state (they apply a repeated message.updated as a no-op).
   */
  private async announceRecentDeliveries(): Promise<void> {
    const rows: { workspace_id: string; conversation_id: string; message_id: string }[] = await this.db.query(
      `SELECT workspace_id, conversation_id, message_id FROM reply_delivery
       WHERE updated_at > now() - interval '${RECENT_DELIVERIES_MINUTES} minutes' AND state IN ('sent', 'failed', 'held')
       ORDER BY updated_at`,
    );
    for (const r of rows) {
      this.relay({ name: DOMAIN_EVENTS.messageUpdated, payload: { workspaceId: r.workspace_id, conversationId: r.conversation_id, messageId: r.message_id } });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const [name, handler] of this.handlers) this.events.off(name, handler);
    await this.idle();
  }

  /** Resolves once every event relayed so far is sent (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private relay(event: RelayedEvent): void {
    this.pending.push(event);
    this.sending ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const events = this.pending.splice(0, this.pending.length);
        // One statement, one transaction (read-only: no commit flush to wait for), notifications in order.
        await this.db.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS x(p, i) ORDER BY i`, [WORKER_EVENTS_CHANNEL, packEvents(events)]).catch((err: Error) => {
          this.logger.warn(`could not relay ${events.length} events: ${err.message}`);
        });
      }
    } finally {
      this.sending = null;
    }
  }
}

/** In an API process: re-emits the worker processes' events locally, where realtime listens. */
@Injectable()
export class WorkerEventsBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerEventsBridge.name);
  private listener: PgListener | null = null;
  private readonly unpacker = new EventUnpacker();

  constructor(
    private readonly events: EventEmitter2,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new PgListener(
      this.runtime.databaseUrl,
      [WORKER_EVENTS_CHANNEL],
      (n) => {
        if (n.channel !== WORKER_EVENTS_CHANNEL || !n.payload) return;
        try {
          for (const event of this.unpacker.unpack(n.payload)) {
            if (RELAYED_EVENTS.includes(event.name)) this.events.emit(event.name, event.payload);
          }
        } catch {
          this.logger.warn('ignored a malformed worker event');
        }
      },
      'WorkerEventsBridge',
    );
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }
}
