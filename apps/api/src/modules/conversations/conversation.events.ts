import type { CrisisIncidentSummary } from '@babillard/contracts';
import type { MessageRecord } from './message.mapper';

/**
 * In-process domain events (EventEmitter2), emitted by services only after their transaction
 * commits. They carry ids, not entities: the realtime layer re-reads the latest state before it
 * pushes, so out-of-order work never sends stale data to consoles. The one exception is a message
 * its writer just created, which is exactly the committed row: any later change to it is published
 * as its own, later message.updated.
 */
export const DOMAIN_EVENTS = {
  conversationCreated: 'domain.conversation.created',
  conversationUpdated: 'domain.conversation.updated',
  messageCreated: 'domain.message.created',
  messageUpdated: 'domain.message.updated',
  assignmentChanged: 'domain.assignment.changed',
  crisisOpened: 'domain.crisis.opened',
  crisisUpdated: 'domain.crisis.updated',
  notification: 'domain.notification',
  /** A user marked a conversation read (their own unread count only). */
  conversationRead: 'domain.conversation.read',
} as const;

export interface ConversationChanged {
  workspaceId: string;
  conversationId: string;
  /** Fields that changed (status, priority, teamId, labels, …); informative. */
  changes?: string[];
  actorUserId?: string | null;
  /** When the team or assignee changed: the rooms that saw it before must hear it left. */
  previousTeamId?: string | null;
  previousAssigneeId?: string | null;
}

export interface ConversationRead {
  workspaceId: string;
  conversationId: string;
  userId: string;
}

export interface MessageChanged {
  workspaceId: string;
  conversationId: string;
  messageId: string;
  /** On message.created from the process that wrote it: the committed message, so nothing is re-read. */
  created?: MessageRecord;
}

export interface AssignmentChanged {
  workspaceId: string;
  conversationId: string;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  teamId: string | null;
  actorUserId: string | null;
}

export interface CrisisChanged {
  workspaceId: string;
  incidentId: string;
  /** The incident as committed; realtime pushes it (the incident table belongs to routing). */
  incident?: CrisisIncidentSummary;
}

export interface NotificationRequested {
  workspaceId: string;
  userIds: string[];
  kind: 'assignment' | 'mention' | 'crisis' | 'rule';
  conversationId: string | null;
  text: string;
}
