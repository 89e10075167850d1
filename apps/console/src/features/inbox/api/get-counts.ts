import { queryKeys, type ConversationCounts } from '@babillard/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const getConversationCounts = (workspaceId: string) => api.get<ConversationCounts>(`/workspaces/${workspaceId}/conversations/counts`);

export const conversationCountsQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: queryKeys.conversationCounts(workspaceId), queryFn: () => getConversationCounts(workspaceId) });

export const useConversationCounts = (workspaceId: string) => useQuery(conversationCountsQueryOptions(workspaceId));
