import type { ConversationKind, Platform, RoutingSettings, WorkspaceSettings } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_WORKSPACE_SETTINGS } from '../workspaces/workspace.entity';
import { analyzeMessage, type MessageAnalysis } from './detection/analyze';
import { WorkspaceLexiconService } from './lexicon/workspace-lexicon.service';
import { runRules, type FiredRule, type RuleOutcome } from './rules/rule-engine';
import { RoutingRulesRepository } from './rules/routing-rules.repository';
import { RoutingSettingsRepository } from './routing-settings.repository';

export interface EvaluationInput {
  workspaceId: string;
  text: string;
  platform: Platform;
  kind: ConversationKind;
  channelId: string | null;
  author: { followers: number | null; verified: boolean; name?: string | null; handle?: string | null };
  vip: boolean;
  at: Date;
}

export interface Evaluation {
  analysis: MessageAnalysis;
  fired: FiredRule[];
  outcome: RuleOutcome;
  settings: RoutingSettings;
  workspaceSettings: WorkspaceSettings;
}

/** Detection plus the workspace's rules for one message; reads only, so preview and routing share it. */
@Injectable()
export class RoutingEngineService {
  constructor(
    private readonly rules: RoutingRulesRepository,
    private readonly settings: RoutingSettingsRepository,
    private readonly lexicons: WorkspaceLexiconService,
  ) {}

  async evaluate(db: EntityManager, input: EvaluationInput): Promise<Evaluation> {
    const [workspace] = await db.query(`SELECT settings FROM workspace WHERE id = $1`, [input.workspaceId]);
    const workspaceSettings: WorkspaceSettings = { ...DEFAULT_WORKSPACE_SETTINGS, ...(workspace?.settings ?? {}) };
    const lexicon = await this.lexicons.forWorkspace(db, input.workspaceId);
    const analysis = analyzeMessage(
      { text: input.text, author: input.author, highReachFollowers: workspaceSettings.highReachFollowers },
      lexicon,
    );
    const rules = await this.rules.list(db, input.workspaceId, { enabledOnly: true });
    const { fired, outcome } = runRules(rules, {
      platform: input.platform,
      kind: input.kind,
      channelId: input.channelId,
      text: input.text,
      analysis,
      followers: input.author.followers,
      verified: input.author.verified,
      vip: input.vip,
      at: input.at,
      timezone: workspaceSettings.timezone,
    });
    return { analysis, fired, outcome, settings: await this.settings.get(db, input.workspaceId), workspaceSettings };
  }
}
