import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CHANNEL_EVENTS, type ChannelStatusChangedEvent } from '../../channels/channel.events';
import { ReplyDeliveryService } from './reply-delivery.service';

/** Saving a new token makes the channel active again: the replies it held go out. */
@Injectable()
export class ChannelReleaseListener {
  private readonly logger = new Logger(ChannelReleaseListener.name);

  constructor(private readonly delivery: ReplyDeliveryService) {}

  @OnEvent(CHANNEL_EVENTS.statusChanged, { async: true })
  async onStatusChanged(event: ChannelStatusChangedEvent): Promise<void> {
    if (event.status !== 'active') return;
    try {
      const released = await this.delivery.release(event.channelId);
      if (released) this.logger.log(`channel ${event.channelId} reconnected: ${released} held replies released`);
    } catch (err) {
      this.logger.error(`releasing held replies of channel ${event.channelId} failed: ${(err as Error).message}`);
    }
  }
}
