import type { TypingEvent, ViewingEvent } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { typingPayload, viewingPayload } from './client-payloads';
import { RealtimeEventRepository } from './realtime-event.repository';
import { RealtimePublisher } from './realtime-publisher';
import { send, type BabillardSocket } from './realtime-server';
import { rooms } from './rooms';

/**
 * Who is looking at or writing in a conversation (collision warnings). Ephemeral: relayed to the
 * conversation's room, never stored or replayed; `seq` is the workspace's last stored sequence.
 */
@Injectable()
export class CollaborationService {
  constructor(
    private readonly log: RealtimeEventRepository,
    private readonly publisher: RealtimePublisher,
  ) {}

  async viewing(socket: BabillardSocket, e: z.infer<typeof viewingPayload>): Promise<void> {
    const room = rooms.conversation(e.conversationId);
    if (e.viewing) {
      if (!(await this.enter(socket, e.workspaceId, e.conversationId))) return;
      await this.showCurrentViewers(socket, e.workspaceId, e.conversationId);
    } else {
      await socket.leave(room);
    }
    send(socket.to(room), { name: 'viewing', payload: this.viewingEvent(socket, e.workspaceId, e.conversationId, e.viewing) });
  }

  async typing(socket: BabillardSocket, e: z.infer<typeof typingPayload>): Promise<void> {
    if (!(await this.enter(socket, e.workspaceId, e.conversationId))) return;
    const typingIn = new Set(socket.data.typingIn);
    if (e.typing) typingIn.add(e.conversationId);
    else typingIn.delete(e.conversationId);
    socket.data.typingIn = [...typingIn];
    const payload: TypingEvent = {
      workspaceId: e.workspaceId,
      seq: this.publisher.currentSeq(e.workspaceId),
      conversationId: e.conversationId,
      userId: socket.data.userId,
      userName: socket.data.userName,
      typing: e.typing,
      ...(e.mode ? { mode: e.mode } : {}),
    };
    send(socket.to(rooms.conversation(e.conversationId)), { name: 'typing', payload });
  }

  /** A closing tab stops typing and viewing wherever it was. Called while the socket still has its rooms. */
  leaveAll(socket: BabillardSocket): void {
    for (const room of socket.rooms) {
      if (!room.startsWith('conv:')) continue;
      const conversationId = room.slice('conv:'.length);
      const workspaceId = socket.data.joined?.[conversationId];
      if (!workspaceId) continue;
      if (socket.data.typingIn.includes(conversationId)) {
        const stopped: TypingEvent = {
          workspaceId,
          seq: this.publisher.currentSeq(workspaceId),
          conversationId,
          userId: socket.data.userId,
          userName: socket.data.userName,
          typing: false,
        };
        send(socket.to(room), { name: 'typing', payload: stopped });
      }
      send(socket.to(room), { name: 'viewing', payload: this.viewingEvent(socket, workspaceId, conversationId, false) });
    }
  }

  /** Joins the conversation's room once membership and the conversation's workspace are checked. */
  private async enter(socket: BabillardSocket, workspaceId: string, conversationId: string): Promise<boolean> {
    if (!socket.data.memberships.some((m) => m.workspaceId === workspaceId)) return false;
    const room = rooms.conversation(conversationId);
    if (socket.rooms.has(room)) return socket.data.joined?.[conversationId] === workspaceId;
    if (!(await this.log.conversationInWorkspace(workspaceId, conversationId))) return false;
    socket.data.joined = { ...socket.data.joined, [conversationId]: workspaceId };
    await socket.join(room);
    return true;
  }

  private async showCurrentViewers(socket: BabillardSocket, workspaceId: string, conversationId: string): Promise<void> {
    const others = await socket.nsp.in(rooms.conversation(conversationId)).fetchSockets();
    const seen = new Set<string>([socket.data.userId]);
    for (const other of others) {
      if (seen.has(other.data.userId)) continue;
      seen.add(other.data.userId);
      socket.emit('viewing', {
        workspaceId,
        seq: this.publisher.currentSeq(workspaceId),
        conversationId,
        userId: other.data.userId,
        userName: other.data.userName,
        viewing: true,
      });
    }
  }

  private viewingEvent(socket: BabillardSocket, workspaceId: string, conversationId: string, viewing: boolean): ViewingEvent {
    return {
      workspaceId,
      seq: this.publisher.currentSeq(workspaceId),
      conversationId,
      userId: socket.data.userId,
      userName: socket.data.userName,
      viewing,
    };
  }
}
