import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface IngestionStatRow {
  platform: string;
  reason: string;
  count: number;
  lastAt: string;
  lastDetail: string | null;
}

export interface IngestionStats {
  /** Events acknowledged and waiting to be normalised. */
  pending: number;
  /** Events that failed normalisation five times and are kept aside for inspection. */
  deadLettered: number;
  skipped: IngestionStatRow[];
}

/** Counters of what ingestion skipped (unknown page, unsupported kinds, unmatched echoes) per platform and reason. */
@Injectable()
export class IngestionStatsService {
  private readonly logger = new Logger(IngestionStatsService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Best effort: counting must never fail or slow an acknowledgement that is already stored. */
  async record(platform: string, counts: Record<string, number>, detail?: string): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n > 0);
    if (!entries.length) return;
    try {
      await this.db.query(
        `INSERT INTO ingestion_stat (platform, reason, count, last_at, last_detail)
         SELECT $1, r.reason, r.n, now(), $3 FROM jsonb_to_recordset($2::jsonb) AS r(reason text, n bigint)
         ON CONFLICT (platform, reason) DO UPDATE SET count = ingestion_stat.count + EXCLUDED.count, last_at = now(),
           last_detail = COALESCE(EXCLUDED.last_detail, ingestion_stat.last_detail)`,
        [platform, JSON.stringify(entries.map(([reason, n]) => ({ reason, n }))), detail ?? null],
      );
    } catch (err) {
      this.logger.warn(`could not record ingestion counters: ${(err as Error).message}`);
    }
  }

  async read(): Promise<IngestionStats> {
    const [skipped, queue] = await Promise.all([
      this.db.query(`SELECT platform, reason, count, last_at, last_detail FROM ingestion_stat ORDER BY platform, reason`),
      this.db.query(
        `SELECT count(*) FILTER (WHERE not_before <> 'infinity') AS pending, count(*) FILTER (WHERE not_before = 'infinity') AS dead FROM ingest_event`,
      ),
    ]);
    return {
      pending: Number(queue[0].pending),
      deadLettered: Number(queue[0].dead),
      skipped: (skipped as { platform: string; reason: string; count: string; last_at: Date; last_detail: string | null }[]).map((r) => ({
        platform: r.platform,
        reason: r.reason,
        count: Number(r.count),
        lastAt: r.last_at.toISOString(),
        lastDetail: r.last_detail,
      })),
    };
  }
}
