import { Injectable } from '@nestjs/common';
import { ChannelsService } from '../../channels/channels.service';

/** What a generic (`api`) channel's webhook is checked against. */
export interface ApiChannelKey {
  channelId: string;
  secret: string | null;
  /** The stored (encrypted) secret this key was read from: the intake stores only while it is still current. */
  secretEncrypted: string | null;
}

const MAX_KEYS = 10_000;

/**
 * Signing keys of `api` channels, kept in memory so a webhook costs one statement (its store) rather
 * than two. A cached key is never trusted on its own: the store is conditional on the channel still
 * holding the same encrypted secret (IntakeService.acceptSigned), so a rotated secret or a deleted
 * channel takes effect at once, on every process, and the caller reloads the key and checks again.
 */
@Injectable()
export class ApiChannelKeys {
  private readonly keys = new Map<string, ApiChannelKey>();

  constructor(private readonly channels: ChannelsService) {}

  /** The key as last read; null when there is no such `api` channel. */
  async get(channelId: string): Promise<ApiChannelKey | null> {
    return this.keys.get(channelId) ?? this.reload(channelId);
  }

  /** Reads the channel again (its secret may have been rotated, or the channel deleted). */
  async reload(channelId: string): Promise<ApiChannelKey | null> {
    this.keys.delete(channelId);
    const channel = await this.channels.findById(channelId);
    if (channel?.platform !== 'api') return null;
    const key = { channelId: channel.id, secret: this.channels.secret(channel), secretEncrypted: channel.secretEncrypted };
    if (this.keys.size >= MAX_KEYS) this.keys.clear();
    this.keys.set(channelId, key);
    return key;
  }
}
