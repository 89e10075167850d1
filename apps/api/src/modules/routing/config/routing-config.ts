import type { RoutingLexiconExtension, RoutingRule, RoutingSettings, WorkspaceSettings } from '@babillard/contracts';
import type { EntityManager } from 'typeorm';
import { DEFAULT_WORKSPACE_SETTINGS } from '../../workspaces/workspace.entity';
import type { CompiledLexicon } from '../detection/lexicon';
import { CRISIS_TEAM_BY_NAME, toRoutingSettings, type RoutingSettingsRow } from '../routing-settings.repository';
import { toRule, type RuleRow } from '../rules/routing-rules.repository';

/** Everything routing reads about a workspace to route one message, kept in process memory. */
export interface RoutingConfig {
  workspaceId: string;
  /** routing_config_version.version when read (null: never changed since the table existed). */
  version: string | null;
  /** Enabled rules, in order. */
  rules: RoutingRule[];
  settings: RoutingSettings;
  workspaceSettings: WorkspaceSettings;
  lexicon: CompiledLexicon;
  /** Whether a rule asks about the contact's VIP flag: routing reads the flag only then. */
  needsVip: boolean;
}

interface ConfigRow {
  version: string | null;
  workspace_settings: Partial<WorkspaceSettings> | null;
  routing_settings: RoutingSettingsRow | null;
  crisis_team_by_name: string | null;
  lexicon_version: string | null;
  lexicon_extension: RoutingLexiconExtension | null;
  rules: RuleRow[];
}

/** One statement, so one round trip and one snapshot: the version read matches the data read. */
const LOAD = `
  SELECT (SELECT version::text FROM routing_config_version WHERE workspace_id = $1) AS version,
         (SELECT settings FROM workspace WHERE id = $1) AS workspace_settings,
         (SELECT row_to_json(s) FROM routing_settings s WHERE s.workspace_id = $1) AS routing_settings,
         ${CRISIS_TEAM_BY_NAME} AS crisis_team_by_name,
         l.updated_at::text AS lexicon_version, l.extension AS lexicon_extension,
         (SELECT coalesce(json_agg(r ORDER BY r.position, r.created_at), '[]'::json) FROM routing_rule r
           WHERE r.workspace_id = $1 AND r.enabled) AS rules
    FROM (SELECT 1) one LEFT JOIN routing_lexicon l ON l.workspace_id = $1`;

export async function loadRoutingConfig(
  db: EntityManager,
  workspaceId: string,
  compileLexicon: (version: string | null, extension: RoutingLexiconExtension | null) => CompiledLexicon,
): Promise<RoutingConfig> {
  const [row]: ConfigRow[] = await db.query(LOAD, [workspaceId]);
  const rules = row.rules.map(toRule);
  return {
    workspaceId,
    version: row.version,
    rules,
    settings: toRoutingSettings(row.routing_settings, row.crisis_team_by_name),
    workspaceSettings: { ...DEFAULT_WORKSPACE_SETTINGS, ...(row.workspace_settings ?? {}) },
    lexicon: compileLexicon(row.lexicon_version, row.lexicon_extension),
    needsVip: rules.some((r) => r.conditions.vip !== undefined),
  };
}
