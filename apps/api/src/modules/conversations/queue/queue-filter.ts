import type { ConversationKind, ConversationSort, ConversationStatus, Platform } from '@babillard/contracts';
import type { QueueCursor } from './queue-cursor';
import type { SqlParams } from './sql-params';

/** A queue request once `me`, views and priorities are resolved: what the SQL needs, nothing more. */
export interface QueueFilter {
  workspaceId: string;
  status?: ConversationStatus;
  /** One team (teamId) or several (the `my_teams` view). */
  teamIds?: string[];
  assignee?: { userId: string } | 'none';
  channelId?: string;
  platform?: Platform;
  kind?: ConversationKind;
  priorityRank?: number;
  label?: string;
  crisis?: boolean;
  q?: string;
  /** The conversations of the page `q` found, in queue order (see QueueSearch). */
  searchHits?: string[];
}

export interface QueuePageRequest {
  filter: QueueFilter;
  viewerId: string;
  sort: ConversationSort;
  after: QueueCursor | null;
  limit: number;
}

/**
 * Both text search configurations (accent-folded French and English stems) on the query side, OR-ed,
 * so a French or an English word matches whichever language the message was written in.
 */
export function tsQuery(param: string): string {
  return `(${tsQueryIn('babillard_fr', param)} || ${tsQueryIn('babillard_en', param)})`;
}

/** The query in one of the two configurations. */
export const tsQueryIn = (config: 'babillard_fr' | 'babillard_en', param: string) => `websearch_to_tsquery('${config}'::regconfig, ${param})`;

/** WHERE conditions on conversation `c` for the filter. */
export function filterConditions(f: QueueFilter, p: SqlParams): string[] {
  const where = [`c.workspace_id = ${p.add(f.workspaceId)}`];
  if (f.status) where.push(`c.status = ${p.add(f.status)}`);
  if (f.teamIds) {
    where.push(f.teamIds.length === 1 ? `c.team_id = ${p.add(f.teamIds[0])}` : `c.team_id = ANY(${p.add(f.teamIds)}::uuid[])`);
  }
  if (f.assignee === 'none') where.push(`c.assignee_id IS NULL`);
  else if (f.assignee) where.push(`c.assignee_id = ${p.add(f.assignee.userId)}`);
  if (f.channelId) where.push(`c.channel_id = ${p.add(f.channelId)}`);
  if (f.platform) where.push(`c.platform = ${p.add(f.platform)}`);
  if (f.kind) where.push(`c.kind = ${p.add(f.kind)}`);
  if (f.priorityRank !== undefined) where.push(`c.priority_rank = ${p.add(f.priorityRank)}`);
  if (f.label) where.push(`c.labels @> ARRAY[${p.add(f.label)}]::text[]`);
  if (f.crisis !== undefined) where.push(f.crisis ? `c.crisis_id IS NOT NULL` : `c.crisis_id IS NULL`);
  // `q` itself is not a condition here: QueueSearch turns it into the page's `searchHits`.
  if (f.searchHits) where.push(`c.id = ANY(${p.add(f.searchHits)}::uuid[])`);
  return where;
}

/** ORDER BY and the keyset condition that starts after the cursor. */
export function sortClause(sort: ConversationSort): string {
  return sort === 'priority'
    ? `c.priority_rank DESC, c.waiting_since ASC NULLS LAST, c.id ASC`
    : `c.last_activity_at DESC, c.id ASC`;
}

export function afterCursor(after: QueueCursor, p: SqlParams): string {
  if (after.sort === 'last_activity') {
    const t = p.add(after.lastActivityAt);
    return `(c.last_activity_at < ${t}::timestamptz OR (c.last_activity_at = ${t}::timestamptz AND c.id > ${p.add(after.id)}::uuid))`;
  }
  const rank = p.add(after.rank);
  const id = p.add(after.id);
  const tail =
    after.waitingSince === null
      ? `(c.waiting_since IS NULL AND c.id > ${id}::uuid)`
      : (() => {
          const w = p.add(after.waitingSince);
          return `(c.waiting_since > ${w}::timestamptz OR c.waiting_since IS NULL OR (c.waiting_since = ${w}::timestamptz AND c.id > ${id}::uuid))`;
        })();
  // The leading bound lets the index range start at the cursor's priority.
  return `(c.priority_rank <= ${rank} AND (c.priority_rank < ${rank} OR ${tail}))`;
}
