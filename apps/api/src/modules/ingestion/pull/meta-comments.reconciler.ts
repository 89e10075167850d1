import { parseMetaCommentsResponse } from '@babillard/connectors';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import type { ChannelEntity } from '../../channels/channel.entity';
import { IntakeService } from '../intake/intake.service';
import { fetchPlatformJson } from './platform-fetch';

const MAX_PAGES = 5;
const FIELDS = {
  facebook: 'id,message,from{id,name},created_time,parent{id}',
  instagram: 'id,text,timestamp,username,from{id,username},parent_id',
};

/**
 * Facebook/Instagram comments reconciliation for one post: lists its comments since the cursor and
 * feeds them through intake, so a comment whose webhook was lost still reaches the queue.
 */
@Injectable()
export class MetaCommentsReconciler {
  readonly connector = 'meta.comments';

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly intake: IntakeService,
  ) {}

  /** `since` and the returned cursor are epoch seconds of the newest comment seen. */
  async reconcile(channel: ChannelEntity, token: string, postExternalId: string, since: string | null): Promise<string | null> {
    const platform = channel.platform === 'instagram' ? 'instagram' : 'facebook';
    const params = new URLSearchParams({ fields: FIELDS[platform], limit: '100' });
    if (platform === 'facebook') {
      params.set('filter', 'stream');
      params.set('order', 'chronological');
    }
    if (since) params.set('since', since);
    let url: string | null = `${this.runtime.config.META_GRAPH_URL.replace(/\/$/, '')}/${encodeURIComponent(postExternalId)}/comments?${params}`;
    let newest = since ? Number(since) : null;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const parsed = parseMetaCommentsResponse(platform, channel.externalId, postExternalId, await fetchPlatformJson(url, token));
      await this.intake.acceptForChannel(channel.id, parsed.events);
      if (parsed.newestAt !== null) newest = Math.max(newest ?? 0, parsed.newestAt);
      url = parsed.nextUrl;
    }
    return newest === null ? null : String(newest);
  }
}
