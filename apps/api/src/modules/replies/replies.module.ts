import { Module } from '@nestjs/common';
import { ReplyDeliveryModule } from './delivery/reply-delivery.module';
import { WorkerEventsBridge } from './delivery/worker-events';
import { NotesService } from './notes.service';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';

@Module({
  imports: [ReplyDeliveryModule],
  controllers: [RepliesController],
  providers: [RepliesService, NotesService, WorkerEventsBridge],
})
export class RepliesModule {}
