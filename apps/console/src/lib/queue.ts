import {
  PRIORITIES,
  type Conversation,
  type ConversationCounts,
  type ConversationQuery,
  type ConversationSort,
  type QueueView,
} from '@babillard/contracts';

/** Who is looking: decides membership of the views that depend on the caller. */
export interface Viewer {
  userId: string;
  teamIds: readonly string[];
}

export type QueueFilters = Omit<ConversationQuery, 'cursor' | 'limit' | 'view' | 'crisis'>;

/** What a queue shows before the agent touches the filters: open work, most urgent first. */
export const DEFAULT_QUEUE_FILTERS: QueueFilters = { status: 'open', sort: 'priority' };

/** The request a view makes: existing filters where they express it, `view` only for my_teams. */
export function viewQuery(view: QueueView, filters: QueueFilters): ConversationQuery {
  const query: ConversationQuery = { ...filters };
  for (const key of Object.keys(query) as (keyof ConversationQuery)[]) if (query[key] === undefined || query[key] === '') delete query[key];
  switch (view) {
    case 'mine':
      return { ...query, assigneeId: 'me' };
    case 'unassigned':
      return { ...query, assigneeId: 'none' };
    case 'my_teams':
      return { ...query, view: 'my_teams' };
    case 'crisis':
      return { ...query, crisis: true };
    case 'all':
      return query;
  }
}

/**
 * Whether a conversation belongs in a list fetched with `query`. `null` when the console cannot
 * tell (full-text search runs on the server): such lists are refetched instead of patched.
 */
export function matchesQuery(c: Conversation, query: ConversationQuery, viewer: Viewer): boolean | null {
  if (query.q) return null;
  if (query.status && c.status !== query.status) return false;
  if (query.teamId && c.teamId !== query.teamId) return false;
  if (query.channelId && c.channelId !== query.channelId) return false;
  if (query.platform && c.platform !== query.platform) return false;
  if (query.kind && c.kind !== query.kind) return false;
  if (query.priority && c.priority !== query.priority) return false;
  if (query.label && !c.labels.includes(query.label)) return false;
  if (query.crisis !== undefined && Boolean(c.crisisId) !== query.crisis) return false;
  if (query.assigneeId === 'me' && c.assigneeId !== viewer.userId) return false;
  if (query.assigneeId === 'none' && c.assigneeId !== null) return false;
  if (query.assigneeId && query.assigneeId !== 'me' && query.assigneeId !== 'none' && c.assigneeId !== query.assigneeId) return false;
  if (query.view === 'my_teams' && !(c.teamId && viewer.teamIds.includes(c.teamId))) return false;
  return true;
}

const rank = (c: Conversation) => PRIORITIES.indexOf(c.priority);
const time = (iso: string | null, fallback: number) => (iso ? Date.parse(iso) : fallback);

/** The server's order: priority then longest waiting (default), or most recent activity. */
export function compareConversations(sort: ConversationSort = 'priority'): (a: Conversation, b: Conversation) => number {
  if (sort === 'last_activity') {
    return (a, b) => time(b.lastActivityAt, 0) - time(a.lastActivityAt, 0) || byId(a, b);
  }
  return (a, b) =>
    rank(b) - rank(a) ||
    time(a.waitingSince, Number.MAX_SAFE_INTEGER) - time(b.waitingSince, Number.MAX_SAFE_INTEGER) ||
    byId(a, b);
}

// PostgreSQL orders uuids bytewise, which for lowercase hex is plain code-unit order.
const byId = (a: Conversation, b: Conversation) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Whether a conversation counts in the view counters (the work still to do). */
export function countsTowardViews(c: Conversation): boolean {
  return c.status === 'open'; // the server counts open conversations unless asked for another status
}

export function viewsOf(c: Conversation, viewer: Viewer): (keyof ConversationCounts)[] {
  if (!countsTowardViews(c)) return [];
  const views: (keyof ConversationCounts)[] = ['all'];
  if (c.assigneeId === viewer.userId) views.push('mine');
  if (c.assigneeId === null) views.push('unassigned');
  if (c.teamId && viewer.teamIds.includes(c.teamId)) views.push('my_teams');
  if (c.crisisId) views.push('crisis');
  return views;
}

export function countsDelta(before: Conversation | null, after: Conversation | null, viewer: Viewer): Partial<ConversationCounts> {
  const delta: Partial<ConversationCounts> = {};
  for (const v of before ? viewsOf(before, viewer) : []) delta[v] = (delta[v] ?? 0) - 1;
  for (const v of after ? viewsOf(after, viewer) : []) delta[v] = (delta[v] ?? 0) + 1;
  return delta;
}
