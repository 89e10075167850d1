import { Module } from '@nestjs/common';
import { ConversationThreadRepository } from './conversation-thread.repository';
import { ConversationUpdatesService } from './conversation-updates.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { ConversationQueueRepository } from './queue/conversation-queue.repository';
import { SnoozeWaker } from './snooze-waker';

@Module({
  controllers: [ConversationsController],
  providers: [ConversationsService, ConversationUpdatesService, ConversationQueueRepository, ConversationThreadRepository, SnoozeWaker],
  exports: [ConversationsService, ConversationQueueRepository, ConversationThreadRepository],
})
export class ConversationsModule {}
