import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreparedStatement } from '../../database/prepared-statement';

export interface StoredEvent {
  name: string;
  rooms: string[];
  payload: Record<string, unknown>;
}

export interface ReplayedEvent {
  seq: number;
  name: string;
  payload: Record<string, unknown>;
}

/** The per-workspace event log: sequences, replay and retention. */
@Injectable()
export class RealtimeEventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores events in order and returns their sequences. One statement: the counter row stays
   * locked until commit, so a later sequence is never visible before an earlier one.
   */
  async append(workspaceId: string, events: StoredEvent[]): Promise<number[]> {
    if (!events.length) return [];
    const rows = await APPEND.run(this.db, [workspaceId, events.length, JSON.stringify(events.map((e, i) => ({ i: i + 1, ...e })))]);
    return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  }

  /** Events after `since` addressed to any of `socketRooms`, oldest first. */
  async after(workspaceId: string, since: number, socketRooms: string[], limit: number): Promise<{ events: ReplayedEvent[]; latest: number; oldest: number | null }> {
    const [events, [bounds]] = await Promise.all([
      this.db.query(
        `SELECT seq::float8 AS seq, name, payload FROM realtime_event
         WHERE workspace_id = $1 AND seq > $2 AND rooms && $3::text[]
         ORDER BY seq LIMIT $4`,
        [workspaceId, since, socketRooms, limit],
      ) as Promise<ReplayedEvent[]>,
      this.db.query(
        `SELECT (SELECT last_seq::float8 FROM realtime_sequence WHERE workspace_id = $1) AS latest,
                (SELECT min(seq)::float8 FROM realtime_event WHERE workspace_id = $1) AS oldest`,
        [workspaceId],
      ) as Promise<{ latest: number | null; oldest: number | null }[]>,
    ]);
    return { events, latest: bounds?.latest ?? 0, oldest: bounds?.oldest ?? null };
  }

  async prune(olderThanMs: number): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `WITH gone AS (DELETE FROM realtime_event WHERE created_at < now() - $1 * interval '1 millisecond' RETURNING 1) SELECT 1 FROM gone`,
      [olderThanMs],
    );
    return rows.length;
  }

  /** Records the presence consoles see; true when it changed (so only one tab or process announces it). */
  async setPresence(userId: string, presence: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO user_presence AS p (user_id, presence, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET presence = EXCLUDED.presence, updated_at = now()
       WHERE p.presence IS DISTINCT FROM EXCLUDED.presence
       RETURNING user_id`,
      [userId, presence],
    );
    return rows.length > 0;
  }

  /**
   * Marks offline whoever is shown online or away without any socket left (their process died), unless
   * their presence changed since `before` (a tab that connected while the sockets were being counted).
   * Returns them with their workspaces.
   */
  async markGoneOffline(connectedUserIds: string[], before: Date): Promise<{ user_id: string; workspace_ids: string[] }[]> {
    return this.db.query(
      `WITH gone AS (
         UPDATE user_presence SET presence = 'offline', updated_at = now()
         WHERE presence <> 'offline' AND updated_at < $2 AND NOT (user_id = ANY($1::uuid[]))
         RETURNING user_id
       )
       SELECT g.user_id, COALESCE(array_agg(wm.workspace_id) FILTER (WHERE wm.workspace_id IS NOT NULL), '{}') AS workspace_ids
       FROM gone g LEFT JOIN workspace_member wm ON wm.user_id = g.user_id
       GROUP BY g.user_id`,
      [connectedUserIds, before],
    );
  }

  async presenceOf(workspaceId: string): Promise<{ user_id: string; presence: string }[]> {
    return this.db.query(
      `SELECT wm.user_id, COALESCE(p.presence, 'offline') AS presence
       FROM workspace_member wm LEFT JOIN user_presence p ON p.user_id = wm.user_id
       WHERE wm.workspace_id = $1`,
      [workspaceId],
    );
  }

  async conversationInWorkspace(workspaceId: string, conversationId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM conversation WHERE workspace_id = $1 AND id = $2`, [workspaceId, conversationId]);
    return rows.length > 0;
  }
}

const APPEND = new PreparedStatement<{ seq: string }>(
  `WITH s AS (
     INSERT INTO realtime_sequence AS rs (workspace_id, last_seq) VALUES ($1, $2)
     ON CONFLICT (workspace_id) DO UPDATE SET last_seq = rs.last_seq + EXCLUDED.last_seq
     RETURNING last_seq)
   INSERT INTO realtime_event (workspace_id, seq, name, rooms, payload)
   SELECT $1, s.last_seq - $2 + e.i, e.name, ARRAY(SELECT jsonb_array_elements_text(e.rooms)), e.payload
   FROM s, jsonb_to_recordset($3::jsonb) AS e(i bigint, name text, rooms jsonb, payload jsonb)
   RETURNING seq`,
);
