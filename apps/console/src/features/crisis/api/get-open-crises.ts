import type { CrisisIncidentSummary } from '@babillard/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { realtimeKeys } from '../../../lib/realtime-cache';

export const getOpenCrises = (workspaceId: string) => api.get<CrisisIncidentSummary[]>(`/workspaces/${workspaceId}/crises`, { query: { status: 'open' } });

export const openCrisesQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: realtimeKeys.crisis(workspaceId), queryFn: () => getOpenCrises(workspaceId) });

/** Open incidents: fetched once, then kept current by crisis.opened / crisis.updated events. */
export function useOpenCrises(workspaceId: string): CrisisIncidentSummary[] {
  const { data } = useQuery(openCrisesQueryOptions(workspaceId));
  return (data ?? []).filter((i) => i.status === 'open');
}
