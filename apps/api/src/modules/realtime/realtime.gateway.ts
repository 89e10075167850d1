import type { ClientToServerEvents } from '@babillard/contracts';
import { Inject, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { batchBroadcasts } from './batched-broadcast';
import { presencePayload, replayPayload, typingPayload, viewingPayload } from './client-payloads';
import { CollaborationService } from './collaboration.service';
import { coalesceWebSocketWrites } from './coalesced-writes';
import { PresenceService } from './presence.service';
import { RealtimeServer, type BabillardServer, type BabillardSocket } from './realtime-server';
import { ReplayService, type ReplayAnswer } from './replay.service';
import { MEMBERSHIP_SYNC, MembershipRoomsService } from './membership-rooms.service';
import { membershipRooms } from './rooms';
import { SOCKET_ADAPTER, type SocketAdapterHandle } from './socket-adapter';
import { SocketAuthenticator, SocketAuthError } from './socket-authenticator';

/**
 * socket.io on the API's own port and default path. The handshake must carry a valid access token
 * (`auth: { token }`); the socket then joins the rooms of the user's workspaces, supervisor views and
 * teams. Pushes come from RealtimePublisher; this class only handles connections and client events.
 */
@WebSocketGateway({ serveClient: false })
export class RealtimeGateway implements OnGatewayInit<BabillardServer>, OnGatewayConnection<BabillardSocket>, OnGatewayDisconnect<BabillardSocket> {
  private readonly logger = new Logger(RealtimeGateway.name);
  private readonly expiryTimers = new WeakMap<BabillardSocket, NodeJS.Timeout>();

  constructor(
    private readonly server: RealtimeServer,
    private readonly auth: SocketAuthenticator,
    private readonly presence: PresenceService,
    private readonly collaboration: CollaborationService,
    private readonly replays: ReplayService,
    private readonly membershipRooms: MembershipRoomsService,
    @Inject(SOCKET_ADAPTER) private readonly adapter: SocketAdapterHandle,
  ) {}

  afterInit(io: BabillardServer): void {
    io.adapter(this.adapter.adapter);
    coalesceWebSocketWrites();
    batchBroadcasts();
    this.server.attach(io);
    // Another process changed someone's teams or role: resync the sockets this process holds.
    io.on(MEMBERSHIP_SYNC as 'connection', ((userIds: unknown) => {
      if (Array.isArray(userIds)) void this.membershipRooms.syncLocal(userIds.filter((u): u is string => typeof u === 'string'));
    }) as never);
    // A refused handshake surfaces as `connect_error` on the client, before any room is joined.
    io.use((socket, next) => {
      this.auth
        .authenticate(socket.handshake.auth?.token)
        .then((user) => {
          socket.data.userId = user.userId;
          socket.data.userName = user.userName;
          socket.data.memberships = user.memberships;
          socket.data.presence = 'online';
          socket.data.typingIn = [];
          if (user.expiresAt) this.closeAtExpiry(socket, user.expiresAt);
          next();
        })
        .catch((err: unknown) => {
          if (!(err instanceof SocketAuthError)) this.logger.error(`socket handshake failed: ${err}`);
          next(new Error(err instanceof SocketAuthError ? err.message : 'unavailable: retry later'));
        });
    });
    this.logger.log(`socket.io fan-out through the ${this.adapter.kind} adapter`);
  }

  async handleConnection(socket: BabillardSocket): Promise<void> {
    const { userId, memberships } = socket.data;
    await socket.join(membershipRooms(userId, memberships));
    socket.on('disconnecting', () => this.collaboration.leaveAll(socket));
    await this.presence.refresh(userId, memberships).catch((err) => this.logger.warn(`presence: ${err}`));
  }

  async handleDisconnect(socket: BabillardSocket): Promise<void> {
    const timer = this.expiryTimers.get(socket);
    if (timer) clearTimeout(timer);
    if (!socket.data.userId) return;
    await this.presence.refresh(socket.data.userId, socket.data.memberships).catch((err) => this.logger.warn(`presence: ${err}`));
  }

  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: BabillardSocket, @MessageBody() body: Parameters<ClientToServerEvents['typing']>[0]): Promise<void> {
    const parsed = typingPayload.safeParse(body);
    if (parsed.success) await this.collaboration.typing(socket, parsed.data);
  }

  @SubscribeMessage('viewing')
  async viewing(@ConnectedSocket() socket: BabillardSocket, @MessageBody() body: Parameters<ClientToServerEvents['viewing']>[0]): Promise<void> {
    const parsed = viewingPayload.safeParse(body);
    if (parsed.success) await this.collaboration.viewing(socket, parsed.data);
  }

  @SubscribeMessage('presence')
  async setPresence(@ConnectedSocket() socket: BabillardSocket, @MessageBody() body: Parameters<ClientToServerEvents['presence']>[0]): Promise<void> {
    const parsed = presencePayload.safeParse(body);
    if (!parsed.success) return;
    socket.data.presence = parsed.data.presence;
    await this.presence.refresh(socket.data.userId, socket.data.memberships);
  }

  /** Acknowledged with what the socket missed since `since` (see ReplayAnswer). */
  @SubscribeMessage('replay')
  async replay(@ConnectedSocket() socket: BabillardSocket, @MessageBody() body: Parameters<ClientToServerEvents['replay']>[0]): Promise<ReplayAnswer> {
    const parsed = replayPayload.safeParse(body);
    if (!parsed.success) return { events: [], complete: false, seq: 0 };
    return this.replays.replay(socket, parsed.data.workspaceId, parsed.data.since);
  }

  private closeAtExpiry(socket: BabillardSocket, expiresAt: number): void {
    // setTimeout caps at ~24.8 days; access tokens live minutes.
    const delay = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1);
    const timer = setTimeout(() => socket.disconnect(true), delay);
    timer.unref();
    this.expiryTimers.set(socket, timer);
  }
}
