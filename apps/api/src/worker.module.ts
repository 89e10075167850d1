import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { CoreModule } from './core/core.module';
import { pinoOptions } from './core/logging';
import type { Runtime } from './core/runtime';
import { JobsModule } from './modules/jobs/jobs.module';
import { ReplyDeliveryModule } from './modules/replies/delivery/reply-delivery.module';
import { WorkerEventsRelay } from './modules/replies/delivery/worker-events';

/** What a delivery-only process boots: no HTTP, no socket.io, just the jobs it works. */
@Module({})
export class WorkerModule {
  static forRoot(runtime: Runtime, dataSource: DataSource): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(runtime),
        LoggerModule.forRoot(pinoOptions(runtime.config)),
        TypeOrmModule.forRootAsync({ useFactory: () => dataSource.options, dataSourceFactory: async () => dataSource }),
        EventEmitterModule.forRoot({ wildcard: false }),
        JobsModule,
        ReplyDeliveryModule,
      ],
      // No socket.io here: what delivery emits is relayed to the API processes.
      providers: [WorkerEventsRelay],
    };
  }
}
