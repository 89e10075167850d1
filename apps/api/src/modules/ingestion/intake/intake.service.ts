import type { InboundEvent, ParsedWebhook } from '@babillard/connectors';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import type { ApiChannelKey } from './api-channel-keys';
import { ChannelDirectory, type KnownChannel } from './channel-directory';
import { IngestionStatsService } from './ingestion-stats.service';
import { INTAKE_CHANNEL, IntakeProcessor } from './intake.processor';

export interface IntakeReceipt {
  accepted: number;
  skipped: number;
}

/**
 * The durable half of a webhook: parsed events of known channels go into `ingest_event` in one
 * multi-row statement, and only then is the webhook acknowledged. Normalisation happens after, in
 * IntakeProcessor, so a platform's 5-second budget never depends on routing or fan-out.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: ChannelDirectory,
    private readonly stats: IngestionStatsService,
    private readonly processor: IntakeProcessor,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  /** Stores what the platform sent; events for pages/accounts no channel knows are skipped and counted. */
  async accept(source: 'meta' | 'x', parsed: ParsedWebhook): Promise<IntakeReceipt> {
    const skipped: Record<string, number> = { ...parsed.skipped };
    const rows: { c: string; e: InboundEvent }[] = [];
    const unknown = new Set<string>();
    const resolved = new Map<string, KnownChannel | null>();
    for (const event of parsed.events) {
      const key = `${event.platform}:${event.channelExternalId}`;
      if (!resolved.has(key)) resolved.set(key, await this.lookup(event));
      const channel = resolved.get(key);
      if (!channel) {
        unknown.add(key);
        skipped.unknown_channel = (skipped.unknown_channel ?? 0) + 1;
        continue;
      }
      rows.push({ c: channel.id, e: event });
    }
    await this.store(rows);
    if (unknown.size) this.logger.warn(`skipped events for unknown ${[...unknown].join(', ')}`);
    await this.stats.record(source, skipped, unknown.size ? [...unknown].slice(0, 5).join(', ') : undefined);
    if (rows.length) this.processor.wake();
    return { accepted: rows.length, skipped: Object.values(skipped).reduce((a, b) => a + b, 0) };
  }

  /** For the generic api channel and pull connectors: events already known to belong to `channelId`. */
  async acceptForChannel(channelId: string, events: InboundEvent[]): Promise<void> {
    await this.store(events.map((e) => ({ c: channelId, e })));
    if (events.length) this.processor.wake();
  }

  /**
   * For the generic api channel's webhook, checked against a cached key: stores only if the channel
   * still holds that key's secret (same statement), else stores nothing and returns false, and the
   * caller checks the signature again against the channel as it is now.
   */
  async acceptSigned(key: ApiChannelKey, events: InboundEvent[]): Promise<boolean> {
    if (!events.length) return true;
    const stored = await this.store(
      events.map((e) => ({ c: key.channelId, e })),
      key,
    );
    if (stored) this.processor.wake();
    return stored > 0;
  }

  private async lookup(event: InboundEvent): Promise<KnownChannel | null> {
    try {
      return await this.directory.byExternalId(event.platform, event.channelExternalId);
    } catch (err) {
      this.logger.error(`channel lookup failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }

  /** Returns how many rows it stored: all of them, or none when `signedWith` is no longer the channel's secret. */
  private async store(rows: { c: string; e: InboundEvent }[], signedWith?: ApiChannelKey): Promise<number> {
    if (!rows.length) return 0;
    // Without workers of its own, this process tells the worker processes at commit (NOTIFY).
    const sql = storeStatement(!!signedWith, !this.runtime.config.RUN_WORKERS);
    const params: unknown[] = [JSON.stringify(rows)];
    if (signedWith) params.push(signedWith.channelId, signedWith.secretEncrypted);
    try {
      const [{ stored }]: { stored: number }[] = await this.db.query(sql, params);
      return stored;
    } catch (err) {
      // Whatever the cause, nothing was stored: the platform must retry.
      this.logger.error(`intake failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }
}

/** One statement: the rows, optionally only while the channel's secret is unchanged ($2, $3), and the NOTIFY at commit. */
function storeStatement(guarded: boolean, notify: boolean): string {
  const guard = guarded ? ` WHERE EXISTS (SELECT 1 FROM channel ch WHERE ch.id = $2 AND ch.secret_encrypted IS NOT DISTINCT FROM $3)` : '';
  const insert = `INSERT INTO ingest_event (channel_id, event) SELECT (r->>'c')::uuid, r->'e' FROM jsonb_array_elements($1::jsonb) AS r${guard} RETURNING 1`;
  const notified = notify ? `, (SELECT count(pg_notify('${INTAKE_CHANNEL}', '')) FROM (SELECT 1 WHERE EXISTS (SELECT 1 FROM stored)) n) AS notified` : '';
  return `WITH stored AS (${insert}) SELECT (SELECT count(*) FROM stored)::int AS stored${notified}`;
}
