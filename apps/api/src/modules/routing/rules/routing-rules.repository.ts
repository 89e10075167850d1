import type { RoutingRule, RoutingRuleActions, RoutingRuleConditions } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RuleRow {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  stop_processing: boolean;
  conditions: RoutingRuleConditions;
  actions: RoutingRuleActions;
  /** A Date from a row, a string from json_agg. */
  created_at: Date | string;
  updated_at: Date | string;
}

export const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  stopProcessing: r.stop_processing,
  conditions: r.conditions,
  actions: r.actions,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export interface RuleWrite {
  name: string;
  enabled: boolean;
  stopProcessing: boolean;
  conditions: RoutingRuleConditions;
  actions: RoutingRuleActions;
}

/** Named queries on routing_rule; every one is scoped by workspace. */
@Injectable()
export class RoutingRulesRepository {
  async list(db: EntityManager, workspaceId: string, opts: { enabledOnly?: boolean } = {}): Promise<RoutingRule[]> {
    const rows: RuleRow[] = await db.query(
      `SELECT * FROM routing_rule WHERE workspace_id = $1 ${opts.enabledOnly ? 'AND enabled' : ''} ORDER BY position, created_at`,
      [workspaceId],
    );
    return rows.map(toRule);
  }

  async get(db: EntityManager, workspaceId: string, id: string): Promise<RoutingRule | null> {
    const rows: RuleRow[] = await db.query(`SELECT * FROM routing_rule WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  /** Inserts at `position` (or last), shifting the rules after it. */
  async insert(db: EntityManager, workspaceId: string, rule: RuleWrite, position?: number): Promise<string> {
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM routing_rule WHERE workspace_id = $1`, [workspaceId]);
    const at = position === undefined ? count : Math.min(Math.max(0, position), count);
    await db.query(`UPDATE routing_rule SET position = position + 1 WHERE workspace_id = $1 AND position >= $2`, [workspaceId, at]);
    const [{ id }] = await db.query(
      `INSERT INTO routing_rule (workspace_id, name, position, enabled, stop_processing, conditions, actions)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [workspaceId, rule.name, at, rule.enabled, rule.stopProcessing, JSON.stringify(rule.conditions), JSON.stringify(rule.actions)],
    );
    return id;
  }

  async update(db: EntityManager, workspaceId: string, id: string, rule: RuleWrite): Promise<void> {
    await db.query(
      `UPDATE routing_rule SET name = $3, enabled = $4, stop_processing = $5, conditions = $6, actions = $7, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, rule.name, rule.enabled, rule.stopProcessing, JSON.stringify(rule.conditions), JSON.stringify(rule.actions)],
    );
  }

  async delete(db: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    const [, affected] = await db.query(`DELETE FROM routing_rule WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    await this.renumber(db, workspaceId);
    return affected > 0;
  }

  /** `ids` in their new order; rules not named keep their relative order after them. */
  async reorder(db: EntityManager, workspaceId: string, ids: string[]): Promise<void> {
    await db.query(
      `UPDATE routing_rule r SET position = o.ord - 1 - $3::int, updated_at = now()
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
        WHERE r.workspace_id = $1 AND r.id = o.id`,
      [workspaceId, ids, ids.length],
    );
    await this.renumber(db, workspaceId);
  }

  private async renumber(db: EntityManager, workspaceId: string): Promise<void> {
    await db.query(
      `UPDATE routing_rule r SET position = n.pos
         FROM (SELECT id, row_number() OVER (ORDER BY position, created_at) - 1 AS pos FROM routing_rule WHERE workspace_id = $1) n
        WHERE r.id = n.id AND r.position <> n.pos`,
      [workspaceId],
    );
  }
}
