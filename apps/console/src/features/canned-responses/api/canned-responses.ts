import {
  queryKeys,
  type CannedResponse,
  type CreateCannedResponseRequest,
  type UpdateCannedResponseRequest,
} from '@babillard/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

const base = (workspaceId: string) => `/workspaces/${workspaceId}/canned-responses`;

export const listCannedResponses = (workspaceId: string) => api.get<CannedResponse[]>(base(workspaceId));
export const createCannedResponse = (workspaceId: string, body: CreateCannedResponseRequest) => api.post<CannedResponse>(base(workspaceId), body);
export const updateCannedResponse = (workspaceId: string, id: string, body: UpdateCannedResponseRequest) =>
  api.patch<CannedResponse>(`${base(workspaceId)}/${id}`, body);
export const deleteCannedResponse = (workspaceId: string, id: string) => api.delete<void>(`${base(workspaceId)}/${id}`);

/** The same cache entry the composer's `/` picker reads, so an edit shows there at once. */
export const cannedResponsesListOptions = (workspaceId: string) =>
  queryOptions({ queryKey: queryKeys.cannedResponses(workspaceId), queryFn: () => listCannedResponses(workspaceId), staleTime: 5 * 60_000 });

export const useCannedResponsesList = (workspaceId: string) => useQuery(cannedResponsesListOptions(workspaceId));

export function useCannedResponseMutations(workspaceId: string) {
  const qc = useQueryClient();
  const key = queryKeys.cannedResponses(workspaceId);
  const sorted = (list: CannedResponse[]) => [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  return {
    create: useMutation({
      mutationFn: (body: CreateCannedResponseRequest) => createCannedResponse(workspaceId, body),
      onSuccess: (c) => qc.setQueryData<CannedResponse[]>(key, (old = []) => sorted([...old, c])),
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: UpdateCannedResponseRequest }) => updateCannedResponse(workspaceId, id, body),
      onSuccess: (c) => qc.setQueryData<CannedResponse[]>(key, (old = []) => sorted(old.map((x) => (x.id === c.id ? c : x)))),
    }),
    remove: useMutation({
      mutationFn: (c: CannedResponse) => deleteCannedResponse(workspaceId, c.id),
      onSuccess: (_void, c) => qc.setQueryData<CannedResponse[]>(key, (old = []) => old.filter((x) => x.id !== c.id)),
    }),
  };
}
