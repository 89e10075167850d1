import { queryKeys, type Me, type Role, type Team, type UpdateMeRequest, type Workspace, type WorkspaceUser, type Channel } from '@babillard/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useSyncExternalStore } from 'react';
import { api } from './api-client';
import { authStore } from './auth-store';

// ---- the agent --------------------------------------------------------------------

const ME_KEY = 'babillard.me';

/** The last profile seen, so the console paints at once on the next load (then revalidates). */
export function rememberMe(me: Me): void {
  try {
    localStorage.setItem(ME_KEY, JSON.stringify(me));
  } catch {
    // No storage: the next load simply waits for /me.
  }
}

function rememberedMe(): Me | undefined {
  try {
    const raw = localStorage.getItem(ME_KEY);
    return raw ? (JSON.parse(raw) as Me) : undefined;
  } catch {
    return undefined;
  }
}

export const getMe = async () => {
  const me = await api.get<Me>('/me');
  rememberMe(me);
  return me;
};

export const meQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.me,
    queryFn: getMe,
    staleTime: 5 * 60_000,
    // Stale from the start: shown immediately, refetched at once.
    initialData: () => (authStore.get() ? rememberedMe() : undefined),
    initialDataUpdatedAt: 0,
  });

export function useSession() {
  return useSyncExternalStore(authStore.subscribe, authStore.get, authStore.get);
}

export function useMe() {
  const session = useSession();
  return useQuery({ ...meQueryOptions(), enabled: session !== null });
}

export const updateMe = (body: UpdateMeRequest) => api.patch<Me>('/me', body);

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => {
      rememberMe(me);
      qc.setQueryData(queryKeys.me, me);
    },
  });
}

// ---- the workspace the agent is working in -------------------------------------------

export interface WorkspaceScope {
  workspaceId: string;
  role: Role;
  me: Me;
}

const WorkspaceContext = createContext<WorkspaceScope | null>(null);
export const WorkspaceScopeProvider = WorkspaceContext.Provider;

export function useWorkspaceScope(): WorkspaceScope {
  const scope = useContext(WorkspaceContext);
  if (!scope) throw new Error('useWorkspaceScope outside a workspace route');
  return scope;
}

export const getWorkspace = (id: string) => api.get<Workspace>(`/workspaces/${id}`);
export const workspaceQueryOptions = (id: string) => queryOptions({ queryKey: queryKeys.workspace(id), queryFn: () => getWorkspace(id), staleTime: 5 * 60_000 });
export const useWorkspace = (id: string) => useQuery(workspaceQueryOptions(id));

export const getTeams = (id: string) => api.get<Team[]>(`/workspaces/${id}/teams`);
export const teamsQueryOptions = (id: string) => queryOptions({ queryKey: queryKeys.teams(id), queryFn: () => getTeams(id), staleTime: 5 * 60_000 });
export const useTeams = (id: string) => useQuery(teamsQueryOptions(id));

export const getUsers = (id: string) => api.get<WorkspaceUser[]>(`/workspaces/${id}/users`);
export const usersQueryOptions = (id: string) => queryOptions({ queryKey: queryKeys.users(id), queryFn: () => getUsers(id), staleTime: 5 * 60_000 });
export const useUsers = (id: string) => useQuery(usersQueryOptions(id));

export const getChannels = (id: string) => api.get<Channel[]>(`/workspaces/${id}/channels`);
export const channelsQueryOptions = (id: string) => queryOptions({ queryKey: queryKeys.channels(id), queryFn: () => getChannels(id), staleTime: 5 * 60_000 });
export const useChannels = (id: string) => useQuery(channelsQueryOptions(id));

/** The teams the agent belongs to in this workspace (the my_teams view). */
export function useMyTeamIds(workspaceId: string, userId: string | undefined): string[] {
  const teams = useTeams(workspaceId).data ?? [];
  return userId ? teams.filter((t) => t.memberIds.includes(userId)).map((t) => t.id) : [];
}
