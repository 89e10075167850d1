import type { InboundEvent, ParsedWebhook } from '@babillard/connectors';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
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

  private async lookup(event: InboundEvent): Promise<KnownChannel | null> {
    try {
      return await this.directory.byExternalId(event.platform, event.channelExternalId);
    } catch (err) {
      this.logger.error(`channel lookup failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }

  private async store(rows: { c: string; e: InboundEvent }[]): Promise<void> {
    if (!rows.length) return;
    try {
      // Without workers of its own, this process tells the worker processes at commit (NOTIFY).
      await this.db.query(this.runtime.config.RUN_WORKERS ? STORE : STORE_AND_NOTIFY, [JSON.stringify(rows)]);
    } catch (err) {
      // Whatever the cause, nothing was stored: the platform must retry.
      this.logger.error(`intake failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }
}

const STORE = `INSERT INTO ingest_event (channel_id, event) SELECT (r->>'c')::uuid, r->'e' FROM jsonb_array_elements($1::jsonb) AS r`;
const STORE_AND_NOTIFY = `WITH stored AS (${STORE} RETURNING 1) SELECT pg_notify('${INTAKE_CHANNEL}', '') WHERE EXISTS (SELECT 1 FROM stored)`;
