import { Module } from '@nestjs/common';
import { ChannelsModule } from '../../channels/channels.module';
import { ChannelReleaseListener } from './channel-release.listener';
import { ReplyDeliveryService } from './reply-delivery.service';
import { ReplyQueue } from './reply-queue';
import { createReplySenders, REPLY_SENDERS } from './reply-senders';
import { ReplyWorker } from './reply.worker';

/** Everything a delivery process needs (apps/api/src/worker.ts boots only this and its imports). */
@Module({
  imports: [ChannelsModule],
  providers: [
    { provide: REPLY_SENDERS, useFactory: createReplySenders },
    ReplyQueue,
    ReplyDeliveryService,
    ReplyWorker,
    ChannelReleaseListener,
  ],
  exports: [ReplyQueue, ReplyDeliveryService],
})
export class ReplyDeliveryModule {}
