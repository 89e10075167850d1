import type { InboundEvent } from '@babillard/connectors';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { PreparedStatement } from '../../../database/prepared-statement';
import { BATCH_SIZE, INTAKE_CHANNEL, IntakeProcessor } from './intake.processor';

/** The events of one webhook (or one pull): stored together, or not at all. */
export interface IntakeWrite {
  rows: { c: string; e: InboundEvent }[];
  /** Store only while this channel still holds this (encrypted) secret: a signature checked against a cached key. */
  guard?: { channelId: string; secretEncrypted: string | null };
  /** May be normalised in its own request when the intake is quiet (a webhook of new messages only). */
  inline?: boolean;
}

interface Waiting {
  write: IntakeWrite;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

/** Statements in progress at once; what arrives meanwhile waits and goes in the next one, together. */
const MAX_IN_FLIGHT = 2;
const MAX_ROWS_PER_STATEMENT = 1_000;
/**
 * Rows of new messages waiting behind an inline batch beyond which they go to the intake instead:
 * under a burst, acknowledging quickly matters more than saving statements, and the intake's
 * batches then take over until it is quiet again.
 */
const MAX_WAITING_INLINE = 50;
/** Rows one inline batch takes: as many as a batch of the intake. */
const MAX_ROWS_INLINE = BATCH_SIZE;

/**
 * The intake's group commit. Every webhook must be durable before it is acknowledged, and a commit
 * is the expensive part of its store (a WAL flush, two process wake-ups). While MAX_IN_FLIGHT
 * statements are running, the webhooks that arrive wait and are stored by the next one together:
 * one commit for the lot, each still answered only once its rows are committed. A quiet intake
 * writes each webhook at once, as before. Should a grouped statement fail (a channel deleted since
 * it was looked up), each of its webhooks is stored alone, so one cannot fail the others.
 *
 * Unless the intake is behind, webhooks of new messages skip it: they are normalised in one
 * transaction, together with those that arrive meanwhile, and answered once that commits (see
 * IntakeProcessor.processInline). Nothing else starts while such a batch runs, so an edit or a
 * receipt that follows a message is stored after it is. If the batch fails (or waits on a lock for
 * long), its webhooks are stored on the intake instead, where a failing event gets its retries.
 */
@Injectable()
export class IntakeWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  private inlineInFlight = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly processor: IntakeProcessor,
  ) {}

  /** Resolves once committed: true when stored, false when its guard no longer holds (nothing stored). */
  write(write: IntakeWrite): Promise<boolean> {
    if (!write.rows.length) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.waiting.length) {
      const head = this.waiting[0].write;
      let inline = false;
      if (this.inlineInFlight) {
        // Only new messages may overtake the running batch, and only when too many wait for it.
        if (!head.inline || this.inFlight >= MAX_IN_FLIGHT || this.waitingInlineRows() < MAX_WAITING_INLINE) return;
      } else if (head.inline && this.inFlight === 0 && this.processor.takesInline()) {
        inline = true;
      } else if (this.inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      const group = inline ? this.takeGroup(MAX_ROWS_INLINE, true) : this.takeGroup(MAX_ROWS_PER_STATEMENT, this.inlineInFlight);
      this.inFlight++;
      if (inline) this.inlineInFlight = true;
      void (inline ? this.apply(group) : this.commit(group)).finally(() => {
        this.inFlight--;
        if (inline) this.inlineInFlight = false;
        this.next();
      });
    }
  }

  /** Rows of the new-message webhooks at the head of the queue (up to the first that is not one). */
  private waitingInlineRows(): number {
    let rows = 0;
    for (const w of this.waiting) {
      if (!w.write.inline) break;
      rows += w.write.rows.length;
    }
    return rows;
  }

  /** The head of the queue and what follows it, up to `maxRows`; with `inlineOnly`, up to the first webhook that may not go inline. */
  private takeGroup(maxRows: number, inlineOnly: boolean): Waiting[] {
    const group: Waiting[] = [this.waiting.shift()!];
    let rows = group[0].write.rows.length;
    while (this.waiting.length && rows + this.waiting[0].write.rows.length <= maxRows && (!inlineOnly || this.waiting[0].write.inline)) {
      rows += this.waiting[0].write.rows.length;
      group.push(this.waiting.shift()!);
    }
    return group;
  }

  /** Normalises the group in one transaction; if that fails, stores it on the intake instead. */
  private async apply(group: Waiting[]): Promise<void> {
    let applied: Set<number>;
    try {
      applied = await this.processor.processInline(intakeJson(group.map((w) => w.write)));
    } catch {
      // Logged by the transaction's query runner; the intake keeps the webhooks and retries their events.
      return this.commit(group);
    }
    group.forEach((w, i) => w.resolve(applied.has(i)));
  }

  private async commit(group: Waiting[]): Promise<void> {
    try {
      const stored = await this.insert(group.map((w) => w.write));
      group.forEach((w, i) => w.resolve(stored.has(i)));
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      for (const w of group) {
        await this.insert([w.write]).then(
          (stored) => w.resolve(stored.has(0)),
          (e: unknown) => w.reject(e),
        );
      }
    }
  }

  /** One statement (one commit) for every write; returns the indexes of those stored, and wakes the processor. */
  private async insert(writes: IntakeWrite[]): Promise<Set<number>> {
    const stored = await (this.runtime.config.RUN_WORKERS ? STORE : STORE_AND_NOTIFY).run(this.db, [intakeJson(writes)]);
    if (stored.length) this.processor.wake();
    return new Set(stored.map((r) => r.i));
  }
}

/** The writes' rows as the intake's statement (and an inline batch) reads them: index of the write, channel, event, guard. */
function intakeJson(writes: IntakeWrite[]): string {
  const rows = writes.flatMap((w, i) => w.rows.map((r) => ({ i, c: r.c, e: r.e, gc: w.guard?.channelId, gs: w.guard?.secretEncrypted ?? null })));
  const json = JSON.stringify(rows);
  // Rare: only then is every value visited (a false alarm, an escaped backslash before "u0000", costs only that).
  return json.includes('\\u0000') ? JSON.stringify(rows, withoutNul) : json;
}

/**
 * PostgreSQL stores no NUL character, in jsonb or text: a customer message carrying one would be
 * refused on every retry. It is kept as U+FFFD, the replacement character.
 */
const withoutNul = (_key: string, value: unknown) => (typeof value === 'string' && value.includes('\0') ? value.replaceAll('\0', '\uFFFD') : value);

/** Rows in arrival order; a guarded write's rows only while its channel still holds the secret it was checked with. */
const INPUT = `input AS (
  SELECT (r->>'i')::int AS i, (r->>'c')::uuid AS c, r->'e' AS e, n
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(r, n)
  WHERE r->>'gc' IS NULL
     OR EXISTS (SELECT 1 FROM channel ch WHERE ch.id = (r->>'gc')::uuid AND ch.secret_encrypted IS NOT DISTINCT FROM r->>'gs'))`;
const INSERT = `stored AS (INSERT INTO ingest_event (channel_id, event) SELECT c, e FROM input ORDER BY n RETURNING 1)`;
const STORE = new PreparedStatement<{ i: number }>(`WITH ${INPUT}, ${INSERT} SELECT DISTINCT i FROM input`);
// Without workers of its own, this process tells the worker processes at commit.
const STORE_AND_NOTIFY = new PreparedStatement<{ i: number }>(`WITH ${INPUT}, ${INSERT},
  notified AS (SELECT pg_notify('${INTAKE_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM input))
  SELECT DISTINCT i FROM input, (SELECT count(*) FROM notified) n`);
