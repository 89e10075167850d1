import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { CHANNEL_EVENTS, type ChannelStatusChangedEvent } from '../channels/channel.events';
import {
  DOMAIN_EVENTS,
  type AssignmentChanged,
  type ConversationChanged,
  type ConversationRead,
  type CrisisChanged,
  type MessageChanged,
  type NotificationRequested,
} from '../conversations/conversation.events';
import { RealtimePublisher } from './realtime-publisher';
import { conversationRooms, rooms } from './rooms';

/** Domain events (emitted after commit, ids only) → client events. Listeners only enqueue; the publisher re-reads. */
@Injectable()
export class DomainEventsListener {
  constructor(private readonly publisher: RealtimePublisher) {}

  @OnEvent(DOMAIN_EVENTS.conversationCreated)
  conversationCreated(e: ConversationChanged): void {
    this.publisher.enqueue({ kind: 'conversation', name: 'conversation.created', workspaceId: e.workspaceId, conversationId: e.conversationId });
  }

  @OnEvent(DOMAIN_EVENTS.conversationUpdated)
  conversationUpdated(e: ConversationChanged): void {
    this.publisher.enqueue({
      kind: 'conversation',
      name: 'conversation.updated',
      workspaceId: e.workspaceId,
      conversationId: e.conversationId,
      previous: {
        teamIds: e.previousTeamId !== undefined ? [e.previousTeamId] : [],
        userIds: e.previousAssigneeId !== undefined ? [e.previousAssigneeId] : [],
      },
    });
  }

  @OnEvent(DOMAIN_EVENTS.conversationRead)
  conversationRead(e: ConversationRead): void {
    this.publisher.enqueue({ kind: 'conversation', name: 'conversation.updated', workspaceId: e.workspaceId, conversationId: e.conversationId, viewerId: e.userId });
  }

  @OnEvent(DOMAIN_EVENTS.messageCreated)
  messageCreated(e: MessageChanged): void {
    this.publisher.enqueue({ kind: 'message', name: 'message.created', ...e });
  }

  @OnEvent(DOMAIN_EVENTS.messageUpdated)
  messageUpdated(e: MessageChanged): void {
    this.publisher.enqueue({ kind: 'message', name: 'message.updated', ...e });
  }

  @OnEvent(DOMAIN_EVENTS.assignmentChanged)
  assignmentChanged(e: AssignmentChanged): void {
    this.publisher.enqueue({
      kind: 'ready',
      workspaceId: e.workspaceId,
      rooms: conversationRooms({ id: e.conversationId, workspaceId: e.workspaceId, teamId: e.teamId, assigneeId: e.assigneeId }, { userIds: [e.previousAssigneeId] }),
      event: {
        name: 'assignment.changed',
        payload: {
          workspaceId: e.workspaceId,
          conversationId: e.conversationId,
          assigneeId: e.assigneeId,
          previousAssigneeId: e.previousAssigneeId,
          teamId: e.teamId,
          by: e.actorUserId,
        },
      },
    });
  }

  @OnEvent(DOMAIN_EVENTS.crisisOpened)
  crisisOpened(e: CrisisChanged): void {
    this.crisis('crisis.opened', e);
  }

  @OnEvent(DOMAIN_EVENTS.crisisUpdated)
  crisisUpdated(e: CrisisChanged): void {
    this.crisis('crisis.updated', e);
  }

  @OnEvent(DOMAIN_EVENTS.notification)
  notification(e: NotificationRequested): void {
    for (const userId of new Set(e.userIds)) {
      this.publisher.enqueue({
        kind: 'ready',
        workspaceId: e.workspaceId,
        rooms: [rooms.user(userId)],
        event: { name: 'notification', payload: { workspaceId: e.workspaceId, userId, kind: e.kind, conversationId: e.conversationId, text: e.text } },
      });
    }
  }

  @OnEvent(CHANNEL_EVENTS.statusChanged)
  channelStatusChanged(e: ChannelStatusChangedEvent): void {
    this.publisher.enqueue({
      kind: 'ready',
      workspaceId: e.workspaceId,
      rooms: [rooms.workspace(e.workspaceId)],
      event: { name: 'channel.updated', payload: { workspaceId: e.workspaceId, channelId: e.channelId, status: e.status } },
    });
  }

  private crisis(name: 'crisis.opened' | 'crisis.updated', e: CrisisChanged): void {
    // The incident table belongs to routing, which sends the committed summary along.
    if (!e.incident) return;
    this.publisher.enqueue({
      kind: 'ready',
      workspaceId: e.workspaceId,
      rooms: [rooms.workspace(e.workspaceId)],
      event: { name, payload: { workspaceId: e.workspaceId, incident: e.incident } },
    });
  }
}
