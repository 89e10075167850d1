import type { Platform } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import { ChannelsService } from '../../channels/channels.service';

export interface KnownChannel {
  id: string;
  workspaceId: string;
  platform: Platform;
}

const TTL_MS = 30_000;

/**
 * Channel lookups for the webhook hot path, cached briefly. Only hits are cached: a page connected a
 * second ago must not have its events skipped. A channel deleted within the TTL is caught later by
 * the intake processor, which re-reads channels.
 */
@Injectable()
export class ChannelDirectory {
  private readonly cache = new Map<string, { channel: KnownChannel; until: number }>();

  constructor(private readonly channels: ChannelsService) {}

  async byExternalId(platform: Platform, externalId: string): Promise<KnownChannel | null> {
    const key = `${platform}:${externalId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.channel;
    const entity = await this.channels.findByExternalId(platform, externalId);
    if (!entity) {
      this.cache.delete(key);
      return null;
    }
    const channel = { id: entity.id, workspaceId: entity.workspaceId, platform: entity.platform };
    this.cache.set(key, { channel, until: Date.now() + TTL_MS });
    return channel;
  }
}
