import type { CrisisIncidentDetail, CrisisIncidentSummary } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type IncidentActor = { type: 'system' } | { type: 'user'; userId: string };

interface IncidentRow {
  id: string;
  title: string;
  status: 'open' | 'closed';
  reason: string;
  opened_by: 'detector' | 'user';
  opened_at: Date;
  closed_at: Date | null;
  merged_into_id: string | null;
  conversation_ids: string[];
}

const SELECT_INCIDENT = `
  SELECT i.*, coalesce((SELECT array_agg(c.conversation_id ORDER BY c.attached_at) FROM crisis_incident_conversation c
                         WHERE c.incident_id = i.id), '{}') AS conversation_ids
    FROM crisis_incident i`;

/** Named queries on crisis incidents, their threads and their timeline. */
@Injectable()
export class CrisisIncidentsRepository {
  async list(db: EntityManager, workspaceId: string, status?: 'open' | 'closed'): Promise<CrisisIncidentSummary[]> {
    const rows: IncidentRow[] = await db.query(
      `${SELECT_INCIDENT} WHERE i.workspace_id = $1 AND ($2::text IS NULL OR i.status = $2) ORDER BY i.opened_at DESC LIMIT 200`,
      [workspaceId, status ?? null],
    );
    return rows.map(toSummary);
  }

  async summary(db: EntityManager, workspaceId: string, id: string): Promise<CrisisIncidentSummary | null> {
    const [row]: IncidentRow[] = await db.query(`${SELECT_INCIDENT} WHERE i.workspace_id = $1 AND i.id = $2`, [workspaceId, id]);
    return row ? toSummary(row) : null;
  }

  async get(db: EntityManager, workspaceId: string, id: string): Promise<CrisisIncidentDetail | null> {
    const [row]: IncidentRow[] = await db.query(`${SELECT_INCIDENT} WHERE i.workspace_id = $1 AND i.id = $2`, [workspaceId, id]);
    if (!row) return null;
    const events: { id: string; type: string; actor_user_id: string | null; data: Record<string, unknown>; created_at: Date }[] =
      await db.query(`SELECT * FROM crisis_incident_event WHERE incident_id = $1 ORDER BY id`, [id]);
    return {
      ...toSummary(row),
      openedBy: row.opened_by,
      mergedIntoId: row.merged_into_id,
      timeline: events.map((e) => ({ id: String(e.id), type: e.type, actorUserId: e.actor_user_id, data: e.data, createdAt: e.created_at.toISOString() })),
    };
  }

  async openIncidentId(db: EntityManager, workspaceId: string): Promise<string | null> {
    const [row] = await db.query(
      `SELECT id FROM crisis_incident WHERE workspace_id = $1 AND status = 'open' ORDER BY opened_at DESC LIMIT 1`,
      [workspaceId],
    );
    return row?.id ?? null;
  }

  async create(db: EntityManager, workspaceId: string, input: { title: string; reason: string; actor: IncidentActor; at?: Date }): Promise<string> {
    const [{ id }] = await db.query(
      `INSERT INTO crisis_incident (workspace_id, title, reason, opened_by, opened_by_user_id, opened_at, last_signal_at)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), coalesce($6, now())) RETURNING id`,
      [workspaceId, input.title, input.reason, input.actor.type === 'user' ? 'user' : 'detector', actorUserId(input.actor), input.at ?? null],
    );
    await this.addEvent(db, id, 'incident.opened', input.actor, { reason: input.reason });
    return id;
  }

  async addEvent(db: EntityManager, incidentId: string, type: string, actor: IncidentActor, data: Record<string, unknown> = {}): Promise<void> {
    await db.query(`INSERT INTO crisis_incident_event (incident_id, type, actor_type, actor_user_id, data) VALUES ($1, $2, $3, $4, $5)`, [
      incidentId,
      type,
      actor.type,
      actorUserId(actor),
      JSON.stringify(data),
    ]);
  }

  /** Links a thread to the incident; false when it already was. */
  async link(db: EntityManager, incidentId: string, conversationId: string): Promise<boolean> {
    const rows = await db.query(
      `INSERT INTO crisis_incident_conversation (incident_id, conversation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING conversation_id`,
      [incidentId, conversationId],
    );
    return rows.length > 0;
  }

  /** Restarts the incident's quiet period: a thread joined it. */
  async touch(db: EntityManager, incidentId: string): Promise<void> {
    await db.query(`UPDATE crisis_incident SET last_signal_at = greatest(coalesce(last_signal_at, opened_at), now()) WHERE id = $1 AND status = 'open'`, [incidentId]);
  }

  async close(db: EntityManager, incidentId: string, mergedIntoId: string | null = null): Promise<void> {
    await db.query(`UPDATE crisis_incident SET status = 'closed', closed_at = now(), merged_into_id = $2 WHERE id = $1`, [incidentId, mergedIntoId]);
  }

  /**
   * Closes an open incident and takes its threads out of crisis mode (the incident keeps the list),
   * with both timelines saying who did it. Returns the released threads.
   */
  async closeAndRelease(db: EntityManager, workspaceId: string, incidentId: string, actor: IncidentActor, data: Record<string, unknown> = {}): Promise<string[]> {
    // For UPDATE … RETURNING, TypeORM answers [rows, affected].
    const [released]: [{ id: string }[], number] = await db.query(
      `UPDATE conversation SET crisis_id = NULL, updated_at = now() WHERE crisis_id = $1 RETURNING id`,
      [incidentId],
    );
    if (released.length) {
      await db.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data)
         SELECT $1, c, 'crisis.released', $3, $4, $5 FROM unnest($2::uuid[]) AS c`,
        [workspaceId, released.map((c) => c.id), actor.type, actorUserId(actor), JSON.stringify({ incidentId })],
      );
    }
    await this.close(db, incidentId);
    await this.addEvent(db, incidentId, 'incident.closed', actor, { released: released.length, ...data });
    return released.map((c) => c.id);
  }

  async leadIds(db: EntityManager, workspaceId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await db.query(
      `SELECT user_id FROM workspace_member WHERE workspace_id = $1 AND role IN ('lead', 'admin') ORDER BY user_id`,
      [workspaceId],
    );
    return rows.map((r) => r.user_id);
  }
}

function actorUserId(actor: IncidentActor): string | null {
  return actor.type === 'user' ? actor.userId : null;
}

function toSummary(r: IncidentRow): CrisisIncidentSummary {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    conversationIds: r.conversation_ids,
    reason: r.reason,
  };
}
