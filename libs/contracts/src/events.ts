import type { Conversation, ConversationCounts, Message } from './api';
import type { Presence } from './enums';

/** Names of the events the server pushes over socket.io. */
export const SERVER_EVENTS = {
  conversationCreated: 'conversation.created',
  conversationUpdated: 'conversation.updated',
  messageCreated: 'message.created',
  messageUpdated: 'message.updated',
  assignmentChanged: 'assignment.changed',
  presenceChanged: 'presence.changed',
  typing: 'typing',
  viewing: 'viewing',
  crisisOpened: 'crisis.opened',
  crisisUpdated: 'crisis.updated',
  channelUpdated: 'channel.updated',
  notification: 'notification',
} as const;
export type ServerEventName = (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS];

/** Names of the events a console sends. */
export const CLIENT_EVENTS = {
  typing: 'typing',
  viewing: 'viewing',
  presence: 'presence',
  /** Ask for every event after `since` (a workspace sequence) — reconnect catch-up. */
  replay: 'replay',
} as const;

/** Every pushed event carries its workspace and a sequence that only grows within it. */
export interface EventEnvelope {
  workspaceId: string;
  seq: number;
}

/**
 * Pushed to rooms, not to one user: there `conversation.unreadCount` counts the inbound messages since
 * the last reply. The reader's own room also gets a `conversation.updated` with their count after they
 * mark it read.
 */
export interface ConversationEvent extends EventEnvelope {
  conversation: Conversation;
}

export interface MessageEvent extends EventEnvelope {
  message: Message;
  /** The conversation after the message, so lists update without a refetch. */
  conversation?: Conversation;
}

export interface AssignmentChangedEvent extends EventEnvelope {
  conversationId: string;
  assigneeId: string | null;
  previousAssigneeId: string | null;
  teamId: string | null;
  by: string | null;
}

export interface PresenceChangedEvent extends EventEnvelope {
  userId: string;
  presence: Presence;
}

export interface TypingEvent extends EventEnvelope {
  conversationId: string;
  userId: string;
  userName: string;
  typing: boolean;
  mode?: 'reply' | 'note';
}

export interface ViewingEvent extends EventEnvelope {
  conversationId: string;
  userId: string;
  userName: string;
  viewing: boolean;
}

export interface CrisisIncidentSummary {
  id: string;
  title: string;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  conversationIds: string[];
  reason: string;
}

export interface CrisisEvent extends EventEnvelope {
  incident: CrisisIncidentSummary;
}

export interface ChannelUpdatedEvent extends EventEnvelope {
  channelId: string;
  status: string;
}

export interface NotificationEvent extends EventEnvelope {
  userId: string;
  kind: 'assignment' | 'mention' | 'crisis' | 'rule';
  conversationId: string | null;
  text: string;
}

export interface CountsHint {
  counts?: Partial<ConversationCounts>;
}

export interface ServerToClientEvents {
  'conversation.created': (e: ConversationEvent) => void;
  'conversation.updated': (e: ConversationEvent) => void;
  'message.created': (e: MessageEvent) => void;
  'message.updated': (e: MessageEvent) => void;
  'assignment.changed': (e: AssignmentChangedEvent) => void;
  'presence.changed': (e: PresenceChangedEvent) => void;
  typing: (e: TypingEvent) => void;
  viewing: (e: ViewingEvent) => void;
  'crisis.opened': (e: CrisisEvent) => void;
  'crisis.updated': (e: CrisisEvent) => void;
  'channel.updated': (e: ChannelUpdatedEvent) => void;
  notification: (e: NotificationEvent) => void;
}

export interface ClientToServerEvents {
  typing: (e: { workspaceId: string; conversationId: string; typing: boolean; mode?: 'reply' | 'note' }) => void;
  viewing: (e: { workspaceId: string; conversationId: string; viewing: boolean }) => void;
  presence: (e: { presence: 'online' | 'away' }) => void;
  replay: (
    e: { workspaceId: string; since: number },
    /** `complete: false`: more was missed than the server keeps or returns — refetch. `seq`: the workspace's latest sequence. */
    ack: (r: { events: { name: ServerEventName; payload: EventEnvelope }[]; complete: boolean; seq?: number }) => void,
  ) => void;
}
