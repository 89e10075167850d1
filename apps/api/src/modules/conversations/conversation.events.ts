/**
 * In-process domain events (EventEmitter2), emitted by services only after their transaction
 * commits. They carry ids, not entities: the realtime layer re-reads the latest state before it
 * pushes, so out-of-order work never sends stale data to consoles.
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
} as const;

export interface ConversationChanged {
  workspaceId: string;
  conversationId: string;
  /** Fields that changed (status, priority, teamId, labels, …); informative. */
  changes?: string[];
  actorUserId?: string | null;
}

export interface MessageChanged {
  workspaceId: string;
  conversationId: string;
  messageId: string;
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
}

export interface NotificationRequested {
  workspaceId: string;
  userIds: string[];
  kind: 'assignment' | 'mention' | 'crisis' | 'rule';
  conversationId: string | null;
  text: string;
}
