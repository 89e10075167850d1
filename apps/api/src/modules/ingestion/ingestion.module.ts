import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { ContactsModule } from '../contacts/contacts.module';
import { RoutingModule } from '../routing/routing.module';
import { ApiWebhookController } from './controllers/api-webhook.controller';
import { IngestionStatsController } from './controllers/ingestion-stats.controller';
import { MetaWebhookController } from './controllers/meta-webhook.controller';
import { WebhookRequestLog } from './controllers/webhook-request-log.middleware';
import { XWebhookController } from './controllers/x-webhook.controller';
import { ApiChannelKeys } from './intake/api-channel-keys';
import { ChannelDirectory } from './intake/channel-directory';
import { IngestionStatsService } from './intake/ingestion-stats.service';
import { IntakeProcessor } from './intake/intake.processor';
import { IntakeService } from './intake/intake.service';
import { IntakeWriter } from './intake/intake-writer';
import { InboundBatchWriter } from './normalise/inbound-batch.writer';
import { InboundMessageWriter } from './normalise/inbound-message.writer';
import { InboundNormaliser } from './normalise/inbound-normaliser';
import { MessageUpdateWriter } from './normalise/message-update.writer';
import { MetaCommentsReconciler } from './pull/meta-comments.reconciler';
import { PullCursorRepository } from './pull/pull-cursor.repository';
import { PullRunner } from './pull/pull.runner';
import { PullScheduler } from './pull/pull.scheduler';
import { XMentionsPuller } from './pull/x-mentions.puller';

/** Webhooks and pulls → durable intake → normalised contacts, conversations and messages. */
@Module({
  imports: [ChannelsModule, ContactsModule, RoutingModule],
  controllers: [MetaWebhookController, XWebhookController, ApiWebhookController, IngestionStatsController],
  providers: [
    ApiChannelKeys,
    ChannelDirectory,
    IngestionStatsService,
    IntakeService,
    IntakeWriter,
    IntakeProcessor,
    InboundNormaliser,
    InboundMessageWriter,
    InboundBatchWriter,
    MessageUpdateWriter,
    PullCursorRepository,
    XMentionsPuller,
    MetaCommentsReconciler,
    PullRunner,
    PullScheduler,
  ],
  exports: [IntakeProcessor, IntakeService],
})
export class IngestionModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebhookRequestLog).forRoutes(MetaWebhookController, XWebhookController, ApiWebhookController);
  }
}
