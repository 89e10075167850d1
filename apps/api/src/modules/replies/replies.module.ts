import { Module } from '@nestjs/common';
import { ReplyDeliveryModule } from './delivery/reply-delivery.module';
import { WorkerEventsBridge } from './delivery/worker-events';
import { NotesService } from './notes.service';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';
import { ReplyWriter } from './reply-writer';

@Module({
  imports: [ReplyDeliveryModule],
  controllers: [RepliesController],
  providers: [RepliesService, ReplyWriter, NotesService, WorkerEventsBridge],
})
export class RepliesModule {}
