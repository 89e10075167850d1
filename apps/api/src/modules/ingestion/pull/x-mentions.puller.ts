import { parseXMentionsResponse } from '@babillard/connectors';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import type { ChannelEntity } from '../../channels/channel.entity';
import { IntakeService } from '../intake/intake.service';
import { fetchPlatformJson } from './platform-fetch';

const MAX_PAGES = 5;

/**
 * X mentions search (`GET /2/users/:id/mentions?since_id=`): catches mentions the Account Activity
 * webhook did not deliver. Events go through the same intake, so anything already stored is a no-op.
 */
@Injectable()
export class XMentionsPuller {
  readonly connector = 'x.mentions';

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly intake: IntakeService,
  ) {}

  /** Returns the new cursor (newest tweet id seen), or the old one when nothing is new. */
  async pull(channel: ChannelEntity, token: string, sinceId: string | null): Promise<string | null> {
    const base = `${this.runtime.config.X_API_URL.replace(/\/$/, '')}/2/users/${encodeURIComponent(channel.externalId)}/mentions`;
    const params = new URLSearchParams({
      max_results: '100',
      expansions: 'author_id',
      'tweet.fields': 'created_at,author_id,referenced_tweets,conversation_id',
      'user.fields': 'name,username,public_metrics,verified',
    });
    if (sinceId) params.set('since_id', sinceId);
    let newest: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const parsed = parseXMentionsResponse(channel.externalId, await fetchPlatformJson(`${base}?${params}`, token));
      newest ??= parsed.newestId;
      await this.intake.acceptForChannel(channel.id, parsed.events);
      if (!parsed.nextToken) break;
      params.set('pagination_token', parsed.nextToken);
    }
    return newest ?? sinceId;
  }
}
