import type { Presence } from '@babillard/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { realtimeKeys } from '../../../lib/realtime-cache';

export const getPresence = (workspaceId: string) => api.get<Record<string, Presence>>(`/workspaces/${workspaceId}/presence`);

/** Who is online, away or offline: fetched once (and after each reconnect), then kept current by presence.changed. */
export const presenceQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: realtimeKeys.presence(workspaceId), queryFn: () => getPresence(workspaceId), staleTime: Infinity });

export const usePresence = (workspaceId: string) => useQuery(presenceQueryOptions(workspaceId));
