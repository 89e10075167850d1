import type { RoutingSettings } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_SPIKE_POLICY } from './crisis/spike-detector';

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  crisisTeamId: null,
  spikeWindowMinutes: DEFAULT_SPIKE_POLICY.windowMinutes,
  spikeMinCount: DEFAULT_SPIKE_POLICY.minCount,
  spikeFactor: DEFAULT_SPIKE_POLICY.factor,
  baselineHours: DEFAULT_SPIKE_POLICY.baselineHours,
};

@Injectable()
export class RoutingSettingsRepository {
  /**
   * The workspace's routing settings. Without an explicit crisis team, a team whose name speaks of
   * crisis ("Communications de crise", "Crisis") is used.
   */
  async get(db: EntityManager, workspaceId: string): Promise<RoutingSettings> {
    const [row] = await db.query(
      `SELECT s.crisis_team_id AS "crisisTeamId", s.spike_window_minutes AS "spikeWindowMinutes", s.spike_min_count AS "spikeMinCount",
              s.spike_factor AS "spikeFactor", s.baseline_hours AS "baselineHours"
         FROM routing_settings s WHERE s.workspace_id = $1`,
      [workspaceId],
    );
    const settings: RoutingSettings = { ...DEFAULT_ROUTING_SETTINGS, ...(row ?? {}) };
    if (!settings.crisisTeamId) {
      const [team] = await db.query(
        `SELECT id FROM team WHERE workspace_id = $1 AND (name ILIKE '%cris%') ORDER BY created_at LIMIT 1`,
        [workspaceId],
      );
      settings.crisisTeamId = team?.id ?? null;
    }
    return settings;
  }

  async save(db: EntityManager, workspaceId: string, patch: Partial<RoutingSettings>): Promise<void> {
    const [row] = await db.query(`SELECT * FROM routing_settings WHERE workspace_id = $1`, [workspaceId]);
    const current = row
      ? {
          crisisTeamId: row.crisis_team_id,
          spikeWindowMinutes: row.spike_window_minutes,
          spikeMinCount: row.spike_min_count,
          spikeFactor: row.spike_factor,
          baselineHours: row.baseline_hours,
        }
      : DEFAULT_ROUTING_SETTINGS;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const s = { ...current, ...defined };
    await db.query(
      `INSERT INTO routing_settings (workspace_id, crisis_team_id, spike_window_minutes, spike_min_count, spike_factor, baseline_hours)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id) DO UPDATE SET crisis_team_id = $2, spike_window_minutes = $3, spike_min_count = $4,
         spike_factor = $5, baseline_hours = $6, updated_at = now()`,
      [workspaceId, s.crisisTeamId, s.spikeWindowMinutes, s.spikeMinCount, s.spikeFactor, s.baselineHours],
    );
  }
}
