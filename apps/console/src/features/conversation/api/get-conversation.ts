import { queryKeys, type ConversationDetail } from '@babillard/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const getConversation = (workspaceId: string, id: string) => api.get<ConversationDetail>(`/workspaces/${workspaceId}/conversations/${id}`);

export const conversationQueryOptions = (workspaceId: string, id: string) =>
  queryOptions({ queryKey: queryKeys.conversation(workspaceId, id), queryFn: () => getConversation(workspaceId, id) });

export const useConversation = (workspaceId: string, id: string | null) =>
  useQuery({ ...conversationQueryOptions(workspaceId, id ?? ''), enabled: id !== null });
