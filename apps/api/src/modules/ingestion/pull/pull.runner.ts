import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChannelEntity } from '../../channels/channel.entity';
import { ChannelsService } from '../../channels/channels.service';
import { MetaCommentsReconciler } from './meta-comments.reconciler';
import { PlatformFetchError } from './platform-fetch';
import { PullCursorRepository, type PullCursor } from './pull-cursor.repository';
import { XMentionsPuller } from './x-mentions.puller';

const X_INTERVAL_MS = 60_000;
const META_INTERVAL_MS = 5 * 60_000;
/** Posts first seen or active this recently are reconciled; older threads are left to webhooks. */
const RECONCILE_WINDOW = '7 days';

export interface PullRunSummary {
  ran: number;
  failed: number;
}

/** Runs every due pull (per channel, per post) once; scheduled by PullScheduler through pg-boss. */
@Injectable()
export class PullRunner {
  private readonly logger = new Logger(PullRunner.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly channels: ChannelsService,
    private readonly cursors: PullCursorRepository,
    private readonly mentions: XMentionsPuller,
    private readonly comments: MetaCommentsReconciler,
  ) {}

  async runDue(): Promise<PullRunSummary> {
    const summary: PullRunSummary = { ran: 0, failed: 0 };
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM channel WHERE status = 'active' AND access_token_encrypted IS NOT NULL AND platform IN ('x', 'facebook', 'instagram')`,
    );
    for (const { id } of rows) {
      const channel = await this.channels.findById(id);
      const token = channel && this.channels.accessToken(channel);
      if (!channel || !token) continue;
      if (channel.platform === 'x') {
        await this.step(summary, channel, await this.cursors.get(this.mentions.connector, channel.id), X_INTERVAL_MS, (since) =>
          this.mentions.pull(channel, token, since),
        );
        continue;
      }
      const posts: { external_id: string }[] = await this.db.query(
        `SELECT DISTINCT p.external_id FROM post p LEFT JOIN conversation c ON c.post_id = p.id
         WHERE p.channel_id = $1
           AND (p.created_at > now() - interval '${RECONCILE_WINDOW}' OR c.last_activity_at > now() - interval '${RECONCILE_WINDOW}')`,
        [channel.id],
      );
      for (const post of posts) {
        await this.step(summary, channel, await this.cursors.get(this.comments.connector, channel.id, post.external_id), META_INTERVAL_MS, (since) =>
          this.comments.reconcile(channel, token, post.external_id, since),
        );
      }
    }
    return summary;
  }

  private async step(
    summary: PullRunSummary,
    channel: ChannelEntity,
    cursor: PullCursor,
    intervalMs: number,
    run: (since: string | null) => Promise<string | null>,
  ): Promise<void> {
    if (cursor.nextRunAt.getTime() > Date.now()) return;
    summary.ran++;
    try {
      await this.cursors.succeeded(cursor, await run(cursor.cursor), intervalMs);
    } catch (err) {
      summary.failed++;
      const retryAt = err instanceof PlatformFetchError ? err.retryAt : null;
      const next = await this.cursors.failed(cursor, (err as Error).message, retryAt);
      this.logger.warn(`${cursor.connector} for channel ${channel.id} failed (${(err as Error).message}); next try ${next.toISOString()}`);
      if (err instanceof PlatformFetchError && err.status === 401) await this.channels.setStatus(channel.id, 'needs_reconnect');
    }
  }
}
