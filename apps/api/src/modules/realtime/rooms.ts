import type { SocketMembership } from './socket-identity';

/**
 * Socket rooms. A socket joins its user's room, the room of each workspace it belongs to, the
 * supervisors' room of workspaces where it is lead or admin, and its teams' rooms; a conversation's
 * room only while the console shows that conversation (typing and viewing).
 */
export const rooms = {
  workspace: (workspaceId: string) => `ws:${workspaceId}`,
  supervisors: (workspaceId: string) => `ws:${workspaceId}:all`,
  team: (teamId: string) => `team:${teamId}`,
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string) => `conv:${conversationId}`,
};

/** The rooms a user's socket belongs in by membership (its own conversation rooms aside). */
export function membershipRooms(userId: string, memberships: SocketMembership[]): string[] {
  return [
    rooms.user(userId),
    ...memberships.flatMap((m) => [
      rooms.workspace(m.workspaceId),
      ...(m.role === 'agent' ? [] : [rooms.supervisors(m.workspaceId)]),
      ...m.teamIds.map(rooms.team),
    ]),
  ];
}

export interface RoutedConversation {
  /** When known, agents looking at the conversation from outside its team hear about it too. */
  id?: string;
  workspaceId: string;
  teamId: string | null;
  assigneeId: string | null;
}

/**
 * Who hears about a conversation: its team and the supervisors (the whole workspace when it has no
 * team yet), its assignee, and whoever has it open (the conversation's room). Previous team or assignee rooms are added so they drop it from their lists.
 */
export function conversationRooms(c: RoutedConversation, previous: { teamIds?: (string | null)[]; userIds?: (string | null)[] } = {}): string[] {
  const out = new Set<string>();
  const teams = [c.teamId, ...(previous.teamIds ?? [])];
  if (teams.some((t) => t === null)) out.add(rooms.workspace(c.workspaceId));
  for (const t of teams) if (t) out.add(rooms.team(t));
  out.add(rooms.supervisors(c.workspaceId));
  for (const u of [c.assigneeId, ...(previous.userIds ?? [])]) if (u) out.add(rooms.user(u));
  if (c.id) out.add(rooms.conversation(c.id));
  return [...out];
}
