import type { Conversation, ConversationDetail, Message } from '@babillard/contracts';

export const WS = 'ws-1';
export const ME = 'user-me';

let n = 0;
export function conversation(over: Partial<Conversation> = {}): Conversation {
  n += 1;
  const now = '2026-11-25T12:00:00.000Z';
  return {
    id: `c-${n}`,
    workspaceId: WS,
    channelId: 'ch-1',
    platform: 'instagram',
    kind: 'comment',
    status: 'open',
    priority: 'normal',
    teamId: 'team-1',
    assigneeId: null,
    labels: [],
    contact: { id: `ct-${n}`, name: `Client ${n}`, handle: `client${n}`, followers: 10 },
    lastMessage: { text: 'Bonjour', direction: 'inbound', createdAt: now },
    waitingSince: now,
    unreadCount: 1,
    slaDueAt: null,
    crisisId: null,
    snoozedUntil: null,
    firstResponseAt: null,
    resolvedAt: null,
    lastActivityAt: now,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export function detail(c: Conversation, over: Partial<ConversationDetail> = {}): ConversationDetail {
  return { ...c, post: null, identities: [], otherConversations: [], ...over };
}

export function message(over: Partial<Message> = {}): Message {
  n += 1;
  return {
    id: `m-${n}`,
    conversationId: 'c-1',
    direction: 'inbound',
    text: 'Allo',
    externalId: null,
    author: { name: 'Client', handle: 'client' },
    attachments: [],
    createdAt: '2026-11-25T12:00:00.000Z',
    deliveryStatus: null,
    error: null,
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}

export const page = <T>(items: T[], nextCursor: string | null = null) => ({ pages: [{ items, nextCursor }], pageParams: [null] });
