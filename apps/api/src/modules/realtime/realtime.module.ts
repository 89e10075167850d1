import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../core/runtime';
import { ConversationsModule } from '../conversations/conversations.module';
import { CollaborationService } from './collaboration.service';
import { DomainEventsListener } from './domain-events.listener';
import { PresenceController } from './presence.controller';
import { PresenceService } from './presence.service';
import { RealtimeEventRepository } from './realtime-event.repository';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimePublisher } from './realtime-publisher';
import { RealtimeRetention } from './realtime-retention';
import { RealtimeServer } from './realtime-server';
import { ReplayService } from './replay.service';
import { createSocketAdapter, SOCKET_ADAPTER, type SocketAdapterHandle } from './socket-adapter';
import { SocketAuthenticator } from './socket-authenticator';
import { SocketMemberships } from './socket-memberships';
import { MembershipRoomsService } from './membership-rooms.service';

@Module({
  imports: [ConversationsModule],
  controllers: [PresenceController],
  providers: [
    { provide: SOCKET_ADAPTER, inject: [RUNTIME], useFactory: (runtime: Runtime) => createSocketAdapter(runtime) },
    RealtimeServer,
    RealtimeGateway,
    RealtimePublisher,
    RealtimeEventRepository,
    DomainEventsListener,
    SocketAuthenticator,
    SocketMemberships,
    MembershipRoomsService,
    PresenceService,
    CollaborationService,
    ReplayService,
    RealtimeRetention,
  ],
  exports: [RealtimePublisher],
})
export class RealtimeModule implements OnApplicationShutdown {
  constructor(
    private readonly server: RealtimeServer,
    private readonly publisher: RealtimePublisher,
    private readonly presence: PresenceService,
    @Inject(SOCKET_ADAPTER) private readonly adapter: SocketAdapterHandle,
  ) {}

  /** Sends what is queued, then closes the fan-out before its connections (Nest closes socket.io itself afterwards). */
  async onApplicationShutdown(): Promise<void> {
    this.presence.stop();
    await this.publisher.idle().catch(() => undefined);
    const io = this.server.server;
    if (io) await Promise.resolve(io.of('/').adapter.close()).catch(() => undefined);
    await this.adapter.close();
  }
}
