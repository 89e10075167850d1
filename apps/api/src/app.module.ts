import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { WorkspaceAccessGuard } from './common/guards/workspace-access.guard';
import { CoreModule } from './core/core.module';
import type { Runtime } from './core/runtime';
import { AuthModule } from './modules/auth/auth.module';
import { CannedResponsesModule } from './modules/canned-responses/canned-responses.module';
import { ChannelsModule } from './modules/channels/channels.module';
import { ConversationsModule } from './modules/conversations/conversations.module';
import { HealthModule } from './modules/health/health.module';
import { IngestionModule } from './modules/ingestion/ingestion.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { RepliesModule } from './modules/replies/replies.module';
import { RoutingModule } from './modules/routing/routing.module';
import { TeamsModule } from './modules/teams/teams.module';
import { UsersModule } from './modules/users/users.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';
import { pinoOptions } from './core/logging';

/** Capability modules, one per folder under modules/. */
const FEATURE_MODULES = [
  HealthModule,
  JobsModule,
  AuthModule,
  UsersModule,
  WorkspacesModule,
  TeamsModule,
  ChannelsModule,
  RoutingModule,
  ConversationsModule,
  RealtimeModule,
  IngestionModule,
  RepliesModule,
  CannedResponsesModule,
];

@Module({})
export class AppModule {
  static forRoot(runtime: Runtime, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(runtime),
        LoggerModule.forRoot(pinoOptions(runtime.config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: async () => dataSource,
        }),
        EventEmitterModule.forRoot({ wildcard: false }),
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: WorkspaceAccessGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
