import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PullCursor {
  connector: string;
  channelId: string;
  key: string;
  cursor: string | null;
  failures: number;
  nextRunAt: Date;
}

const BASE_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Persisted position and backoff state of each pull connector, per channel (and per post). */
@Injectable()
export class PullCursorRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(connector: string, channelId: string, key = ''): Promise<PullCursor> {
    const rows: { cursor: string | null; failures: number; next_run_at: Date }[] = await this.db.query(
      `INSERT INTO pull_cursor (connector, channel_id, key) VALUES ($1, $2, $3)
       ON CONFLICT (connector, channel_id, key) DO UPDATE SET connector = EXCLUDED.connector
       RETURNING cursor, failures, next_run_at`,
      [connector, channelId, key],
    );
    return { connector, channelId, key, cursor: rows[0].cursor, failures: rows[0].failures, nextRunAt: rows[0].next_run_at };
  }

  async succeeded(c: PullCursor, cursor: string | null, intervalMs: number): Promise<void> {
    await this.db.query(
      `UPDATE pull_cursor SET cursor = COALESCE($4, cursor), failures = 0, last_error = NULL,
         next_run_at = now() + ($5 || ' milliseconds')::interval, updated_at = now()
       WHERE connector = $1 AND channel_id = $2 AND key = $3`,
      [c.connector, c.channelId, c.key, cursor, String(intervalMs)],
    );
  }

  /** Exponential backoff (1 min, 2, 4 … 1 h), or the platform's own reset time when it gave one. */
  async failed(c: PullCursor, error: string, retryAt?: Date | null): Promise<Date> {
    const delay = Math.min(BASE_BACKOFF_MS * 2 ** c.failures, MAX_BACKOFF_MS);
    const next = retryAt && retryAt.getTime() > Date.now() ? retryAt : new Date(Date.now() + delay);
    await this.db.query(
      `UPDATE pull_cursor SET failures = failures + 1, last_error = $4, next_run_at = $5, updated_at = now()
       WHERE connector = $1 AND channel_id = $2 AND key = $3`,
      [c.connector, c.channelId, c.key, error.slice(0, 1000), next],
    );
    return next;
  }
}
