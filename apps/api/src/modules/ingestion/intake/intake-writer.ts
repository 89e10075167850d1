import type { InboundEvent } from '@babillard/connectors';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { StageClock } from '../../../core/stage-clock';
import { PreparedStatement } from '../../../database/prepared-statement';
import { INTAKE_CHANNEL } from './intake.processor';

/** The events of one webhook (or one pull): stored together, or not at all. */
export interface IntakeWrite {
  rows: { c: string; e: InboundEvent }[];
  /** Store only while this channel still holds this (encrypted) secret: a signature checked against a cached key. */
  guard?: { channelId: string; secretEncrypted: string | null };
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
 * The intake's group commit. Every webhook must be durable before it is acknowledged, and a commit
 * is the expensive part of its store (a WAL flush, two process wake-ups). While MAX_IN_FLIGHT
 * statements are running, the webhooks that arrive wait and are stored by the next one together:
 * one commit for the lot, each still answered only once its rows are committed. A quiet intake
 * writes each webhook at once, as before. Should a grouped statement fail (a channel deleted since
 * it was looked up), each of its webhooks is stored alone, so one cannot fail the others.
 */
@Injectable()
export class IntakeWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Resolves once committed: true when stored, false when its guard no longer holds (nothing stored). */
  write(write: IntakeWrite): Promise<boolean> {
    if (!write.rows.length) return Promise.resolve(true);
    const clock = StageClock.start();
    const written = new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      this.next();
    });
    // Waiting for a statement, then its commit: what a webhook's answer waits for the database.
    return clock ? written.finally(() => clock.lap('intake.store', write.rows.length)) : written;
  }

  private next(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length) {
      const group = this.takeGroup();
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.next();
      });
    }
  }

  private takeGroup(): Waiting[] {
    const group: Waiting[] = [this.waiting.shift()!];
    let rows = group[0].write.rows.length;
    while (this.waiting.length && rows + this.waiting[0].write.rows.length <= MAX_ROWS_PER_STATEMENT) {
      rows += this.waiting[0].write.rows.length;
      group.push(this.waiting.shift()!);
    }
    return group;
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

  /** One statement (one commit) for every write; returns the indexes of those stored. */
  private async insert(writes: IntakeWrite[]): Promise<Set<number>> {
    const rows = writes.flatMap((w, i) => w.rows.map((r) => ({ i, c: r.c, e: r.e, gc: w.guard?.channelId, gs: w.guard?.secretEncrypted ?? null })));
    let json = JSON.stringify(rows);
    // Rare: only then is every value visited (a false alarm, an escaped backslash before "u0000", costs only that).
    if (json.includes('\\u0000')) json = JSON.stringify(rows, withoutNul);
    const stored = await (this.runtime.config.RUN_WORKERS ? STORE : STORE_AND_NOTIFY).run(this.db, [json]);
    return new Set(stored.map((r) => r.i));
  }
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
