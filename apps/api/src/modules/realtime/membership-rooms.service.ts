import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { MEMBERSHIP_CHANGED, type MembershipChanged } from '../users/membership.events';
import { RealtimeServer, type BabillardSocket } from './realtime-server';
import { membershipRooms, rooms } from './rooms';
import { SocketMemberships } from './socket-memberships';

/** The server-to-server event (through the socket.io adapter) that asks every process to resync. */
export const MEMBERSHIP_SYNC = 'babillard:membership';

/**
 * Keeps open sockets in the rooms their user belongs in when a lead changes teams or roles: added
 * to a team, the agent hears that team's conversations at once; removed from a workspace, they hear
 * nothing more from it, not even from conversations they had open. Every process resyncs its own sockets.
 */
@Injectable()
export class MembershipRoomsService {
  private readonly logger = new Logger(MembershipRoomsService.name);

  constructor(
    private readonly server: RealtimeServer,
    private readonly memberships: SocketMemberships,
  ) {}

  @OnEvent(MEMBERSHIP_CHANGED)
  async changed(e: MembershipChanged): Promise<void> {
    const io = this.server.server;
    if (!io || !e.userIds.length) return;
    io.serverSideEmit(MEMBERSHIP_SYNC, e.userIds);
    await this.syncLocal(e.userIds);
  }

  /** Moves this process's sockets of these users into the rooms their memberships now give them. */
  async syncLocal(userIds: string[]): Promise<void> {
    const io = this.server.server;
    if (!io) return;
    const nsp = io.of('/');
    for (const userId of new Set(userIds)) {
      const socketIds = nsp.adapter.rooms.get(rooms.user(userId));
      if (!socketIds?.size) continue;
      try {
        const memberships = await this.memberships.forUser(userId);
        const wanted = new Set(membershipRooms(userId, memberships));
        const workspaces = new Set(memberships.map((m) => m.workspaceId));
        for (const id of socketIds) {
          const socket = nsp.sockets.get(id) as BabillardSocket | undefined;
          if (socket) this.resync(socket, wanted, workspaces, memberships);
        }
      } catch (err) {
        this.logger.warn(`room resync for user ${userId} failed: ${(err as Error).message}`);
      }
    }
  }

  private resync(socket: BabillardSocket, wanted: Set<string>, workspaces: Set<string>, memberships: BabillardSocket['data']['memberships']): void {
    for (const room of socket.rooms) {
      const byMembership = room.startsWith('ws:') || room.startsWith('team:');
      if (byMembership && !wanted.has(room)) void socket.leave(room);
    }
    for (const [conversationId, workspaceId] of Object.entries(socket.data.joined ?? {})) {
      if (workspaces.has(workspaceId)) continue;
      void socket.leave(rooms.conversation(conversationId));
      delete socket.data.joined![conversationId];
    }
    const missing = [...wanted].filter((room) => !socket.rooms.has(room));
    if (missing.length) void socket.join(missing);
    socket.data.memberships = memberships;
  }
}
