import type { ConversationQuery } from './api';

/** React Query keys shared by the console's fetchers and its realtime cache updates. */
export const queryKeys = {
  me: ['me'] as const,
  workspace: (workspaceId: string) => ['workspace', workspaceId] as const,
  teams: (workspaceId: string) => ['workspace', workspaceId, 'teams'] as const,
  users: (workspaceId: string) => ['workspace', workspaceId, 'users'] as const,
  channels: (workspaceId: string) => ['workspace', workspaceId, 'channels'] as const,
  cannedResponses: (workspaceId: string) => ['workspace', workspaceId, 'canned-responses'] as const,
  conversations: (workspaceId: string) => ['workspace', workspaceId, 'conversations'] as const,
  conversationList: (workspaceId: string, query: ConversationQuery) =>
    ['workspace', workspaceId, 'conversations', 'list', query] as const,
  conversationCounts: (workspaceId: string) => ['workspace', workspaceId, 'conversations', 'counts'] as const,
  conversation: (workspaceId: string, id: string) => ['workspace', workspaceId, 'conversations', 'detail', id] as const,
  messages: (workspaceId: string, conversationId: string) =>
    ['workspace', workspaceId, 'conversations', 'messages', conversationId] as const,
};
