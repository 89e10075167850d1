import type { ConversationCounts, ConversationStatus } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PreparedStatement } from '../../../database/prepared-statement';
import { CONVERSATION_ROW_JOINS, conversationRowSelect, type ConversationRow } from './conversation-row';
import { encodeQueueCursor, pgIso } from './queue-cursor';
import { afterCursor, filterConditions, sortClause, type QueuePageRequest } from './queue-filter';
import { QueueSearch } from './queue-search';
import { SqlParams } from './sql-params';

type PageRow = ConversationRow & { k_waiting: string | null; k_activity: string; priority_rank: number };

/** How conversation_tally stores a missing team or assignee. */
const NO_KEY = '00000000-0000-0000-0000-000000000000';

/** List rows by id: what every realtime event about a conversation carries. */
const ROWS_BY_ID = new PreparedStatement<ConversationRow>(
  `SELECT ${conversationRowSelect('$3')}
   FROM conversation c ${CONVERSATION_ROW_JOINS}
   WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`,
);

/** Named queries of the queue. Every one is scoped by workspace id. */
@Injectable()
export class ConversationQueueRepository {
  /** Text search (see QueueSearch); public so the benchmark reads its steps and tests can tune it. */
  search: QueueSearch;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.search = new QueueSearch(db);
  }

  /**
   * One page in queue order. The page's ids are picked first (index order, LIMIT) and only those
   * rows are joined to contacts and counted for unread, however large the queue.
   */
  async page(req: QueuePageRequest): Promise<{ rows: ConversationRow[]; nextCursor: string | null }> {
    let filter = req.filter;
    if (filter.q) {
      // The search picks the page's conversations (in queue order); the query below reads their rows.
      const hits = await this.search.pageIds(req);
      if (!hits.length) return { rows: [], nextCursor: null };
      filter = { ...filter, searchHits: hits };
    }
    const p = new SqlParams();
    const where = filterConditions(filter, p);
    if (req.after) where.push(afterCursor(req.after, p));
    const order = sortClause(req.sort);
    const viewer = p.add(req.viewerId);
    const sql = `
      WITH page AS MATERIALIZED (
        SELECT c.id FROM conversation c
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT ${p.add(req.limit + 1)}
      )
      SELECT ${conversationRowSelect(viewer)}, c.priority_rank,
        ${pgIso('c.waiting_since')} AS k_waiting, ${pgIso('c.last_activity_at')} AS k_activity
      FROM page JOIN conversation c ON c.id = page.id
      ${CONVERSATION_ROW_JOINS}
      ORDER BY ${order}`;
    const rows: PageRow[] = await this.db.query(sql, p.values);
    // A search's ids were picked a moment ago: one that changed since drops out, the page still goes on.
    const more = rows.length > req.limit || (filter.searchHits?.length ?? 0) > req.limit;
    const items = more ? rows.slice(0, req.limit) : rows;
    const last = items[items.length - 1];
    const nextCursor =
      more && last
        ? encodeQueueCursor(
            req.sort === 'priority'
              ? { sort: 'priority', rank: last.priority_rank, waitingSince: last.k_waiting, id: last.id }
              : { sort: 'last_activity', lastActivityAt: last.k_activity, id: last.id },
          )
        : null;
    return { rows: items, nextCursor };
  }

  /** The rows of given conversations; `viewerId` null computes unread for a room (since the last reply). */
  async findByIds(workspaceId: string, ids: readonly string[], viewerId: string | null, tx?: EntityManager): Promise<ConversationRow[]> {
    if (!ids.length) return [];
    return ROWS_BY_ID.run(tx ?? this.db, [workspaceId, ids, viewerId]);
  }

  /** Other threads of the same customer, across platforms (the detail view's sidebar). */
  async findOthersOfContact(workspaceId: string, contactId: string, exceptId: string, viewerId: string): Promise<ConversationRow[]> {
    return this.db.query(
      `WITH page AS MATERIALIZED (
         SELECT c.id FROM conversation c
         WHERE c.workspace_id = $1 AND c.contact_id = $2 AND c.id <> $3
         ORDER BY c.last_activity_at DESC LIMIT 20)
       SELECT ${conversationRowSelect('$4')}
       FROM page JOIN conversation c ON c.id = page.id ${CONVERSATION_ROW_JOINS}
       ORDER BY c.last_activity_at DESC`,
      [workspaceId, contactId, exceptId, viewerId],
    );
  }

  /** The five views' sizes for one status, summed from the tally the triggers keep (never a scan of the queue). */
  async counts(workspaceId: string, userId: string, teamIds: string[], status: ConversationStatus): Promise<ConversationCounts> {
    const [row] = await this.db.query(
      `SELECT
         COALESCE(sum(n) FILTER (WHERE t.assignee_key = $3), 0)::int AS mine,
         COALESCE(sum(n) FILTER (WHERE t.assignee_key = '${NO_KEY}'), 0)::int AS unassigned,
         COALESCE(sum(n) FILTER (WHERE t.team_key = ANY($4::uuid[])), 0)::int AS my_teams,
         COALESCE(sum(n), 0)::int AS all,
         COALESCE(sum(n) FILTER (WHERE t.crisis), 0)::int AS crisis
       FROM conversation_tally t WHERE t.workspace_id = $1 AND t.status = $2`,
      [workspaceId, status, userId, teamIds],
    );
    return row as ConversationCounts;
  }

  /** The caller's teams in this workspace (the `my_teams` view). */
  async teamIdsOf(workspaceId: string, userId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT t.id FROM team_member tm JOIN team t ON t.id = tm.team_id WHERE tm.user_id = $1 AND t.workspace_id = $2`,
      [userId, workspaceId],
    );
    return rows.map((r) => r.id);
  }
}
