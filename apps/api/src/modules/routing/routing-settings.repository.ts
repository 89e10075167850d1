import type { RoutingSettings } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_SPIKE_POLICY } from './crisis/spike-detector';

export const DEFAULT_CRISIS_QUIET_MINUTES = 120;

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  crisisTeamId: null,
  spikeWindowMinutes: DEFAULT_SPIKE_POLICY.windowMinutes,
  spikeMinCount: DEFAULT_SPIKE_POLICY.minCount,
  spikeFactor: DEFAULT_SPIKE_POLICY.factor,
  baselineHours: DEFAULT_SPIKE_POLICY.baselineHours,
  crisisQuietMinutes: DEFAULT_CRISIS_QUIET_MINUTES,
};

export interface RoutingSettingsRow {
  crisis_team_id: string | null;
  spike_window_minutes: number;
  spike_min_count: number;
  spike_factor: number;
  baseline_hours: number;
  crisis_quiet_minutes: number;
}

/**
 * A workspace's routing settings from its row (or the defaults). Without an explicit crisis team,
 * a team whose name speaks of crisis ("Communications de crise", "Crisis") is used.
 */
export function toRoutingSettings(row: RoutingSettingsRow | null | undefined, crisisTeamByName: string | null): RoutingSettings {
  const settings: RoutingSettings = row
    ? {
        crisisTeamId: row.crisis_team_id,
        spikeWindowMinutes: row.spike_window_minutes,
        spikeMinCount: row.spike_min_count,
        spikeFactor: row.spike_factor,
        baselineHours: row.baseline_hours,
        crisisQuietMinutes: row.crisis_quiet_minutes ?? DEFAULT_CRISIS_QUIET_MINUTES,
      }
    : { ...DEFAULT_ROUTING_SETTINGS };
  if (!settings.crisisTeamId) settings.crisisTeamId = crisisTeamByName;
  return settings;
}

/** The team found by name when no crisis team is set, as a scalar subquery on workspace $1. */
export const CRISIS_TEAM_BY_NAME = `(SELECT id FROM team WHERE workspace_id = $1 AND name ILIKE '%cris%' ORDER BY created_at LIMIT 1)`;

@Injectable()
export class RoutingSettingsRepository {
  /** The workspace's routing settings, read now (routing itself reads them through RoutingConfigCache). */
  async get(db: EntityManager, workspaceId: string): Promise<RoutingSettings> {
    const [row] = await db.query(
      `SELECT (SELECT row_to_json(s) FROM routing_settings s WHERE s.workspace_id = $1) AS settings, ${CRISIS_TEAM_BY_NAME} AS by_name`,
      [workspaceId],
    );
    return toRoutingSettings(row?.settings, row?.by_name ?? null);
  }

  async save(db: EntityManager, workspaceId: string, patch: Partial<RoutingSettings>): Promise<void> {
    const [row]: RoutingSettingsRow[] = await db.query(`SELECT * FROM routing_settings WHERE workspace_id = $1`, [workspaceId]);
    const current = row ? toRoutingSettings(row, null) : DEFAULT_ROUTING_SETTINGS;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const s = { ...current, ...defined };
    await db.query(
      `INSERT INTO routing_settings (workspace_id, crisis_team_id, spike_window_minutes, spike_min_count, spike_factor, baseline_hours, crisis_quiet_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id) DO UPDATE SET crisis_team_id = $2, spike_window_minutes = $3, spike_min_count = $4,
         spike_factor = $5, baseline_hours = $6, crisis_quiet_minutes = $7, updated_at = now()`,
      [workspaceId, s.crisisTeamId, s.spikeWindowMinutes, s.spikeMinCount, s.spikeFactor, s.baselineHours, s.crisisQuietMinutes],
    );
  }
}
