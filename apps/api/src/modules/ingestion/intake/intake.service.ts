import type { InboundEvent, ParsedWebhook } from '@babillard/connectors';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ApiChannelKey } from './api-channel-keys';
import { ChannelDirectory, type KnownChannel } from './channel-directory';
import { IngestionStatsService } from './ingestion-stats.service';
import { IntakeWriter, type IntakeWrite } from './intake-writer';
import { IntakeProcessor } from './intake.processor';

export interface IntakeReceipt {
  accepted: number;
  skipped: number;
}

/**
 * The durable half of a webhook: parsed events of known channels go into `ingest_event` in one
 * multi-row statement (shared with the webhooks that arrive at the same time, see IntakeWriter), and
 * only then is the webhook acknowledged. Normalisation happens after, in
 * IntakeProcessor, so a platform's 5-second budget never depends on routing or fan-out.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly writer: IntakeWriter,
    private readonly directory: ChannelDirectory,
    private readonly stats: IngestionStatsService,
    private readonly processor: IntakeProcessor,
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

  /** For the pull connectors: events already known to belong to `channelId`. */
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
      { channelId: key.channelId, secretEncrypted: key.secretEncrypted },
    );
    if (stored) this.processor.wake();
    return stored;
  }

  private async lookup(event: InboundEvent): Promise<KnownChannel | null> {
    try {
      return await this.directory.byExternalId(event.platform, event.channelExternalId);
    } catch (err) {
      this.logger.error(`channel lookup failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }

  /** True once the rows are committed; false when `guard` no longer holds (nothing stored). */
  private async store(rows: IntakeWrite['rows'], guard?: IntakeWrite['guard']): Promise<boolean> {
    try {
      return await this.writer.write({ rows, guard });
    } catch (err) {
      // Whatever the cause, nothing was stored: the platform must retry.
      this.logger.error(`intake failed, answering 503: ${(err as Error).message}`);
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
  }
}
