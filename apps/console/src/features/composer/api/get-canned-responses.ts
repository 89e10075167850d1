import { queryKeys, type CannedResponse, type Locale } from '@babillard/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const getCannedResponses = (workspaceId: string) => api.get<CannedResponse[]>(`/workspaces/${workspaceId}/canned-responses`);

/** The workspace's responses (leads edit them rarely): fetched when the composer first opens, kept 5 minutes. */
export const cannedResponsesQueryOptions = (workspaceId: string) =>
  queryOptions({ queryKey: queryKeys.cannedResponses(workspaceId), queryFn: () => getCannedResponses(workspaceId), staleTime: 5 * 60_000 });

export const useCannedResponses = (workspaceId: string) => useQuery(cannedResponsesQueryOptions(workspaceId));

/**
 * The responses matching what follows `/`, by shortcut first, then by text; those written in the
 * agent's language (or in any) come before the others.
 */
export function matchCannedResponses(all: readonly CannedResponse[], query: string, locale: Locale, max = 6): CannedResponse[] {
  const q = query.toLowerCase();
  const rank = (c: CannedResponse) => (c.shortcut.startsWith(q) ? 0 : 2) + (c.locale === null || c.locale === locale ? 0 : 1);
  return all
    .filter((c) => c.shortcut.startsWith(q) || c.text.toLowerCase().includes(q))
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, max)
    .map((x) => x.c);
}
