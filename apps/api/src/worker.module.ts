import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { CoreModule } from './core/core.module';
import { pinoOptions } from './core/logging';
import type { Runtime } from './core/runtime';
import { IngestionModule } from './modules/ingestion/ingestion.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { ReplyDeliveryModule } from './modules/replies/delivery/reply-delivery.module';
import { WorkerEventsRelay } from './modules/replies/delivery/worker-events';

/**
 * What a worker process boots: no HTTP, no socket.io, just the work — reply delivery, intake
 * normalisation (rows claimed with SKIP LOCKED, so any number of processes share them) and the
 * scheduled pulls that come with ingestion. Its controllers are loaded but never served.
 */
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
        IngestionModule,
      ],
      // No socket.io here: what delivery, intake and routing emit is relayed to the API processes.
      providers: [WorkerEventsRelay],
    };
  }
}
