import type { ConversationKind, Platform, RoutingSettings, WorkspaceSettings } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RoutingConfigCache } from './config/routing-config.cache';
import type { RoutingConfig } from './config/routing-config';
import { analyzeMessage, type MessageAnalysis } from './detection/analyze';
import { runRules, type FiredRule, type RuleOutcome } from './rules/rule-engine';

export interface MessageFacts {
  workspaceId: string;
  text: string;
  platform: Platform;
  kind: ConversationKind;
  channelId: string | null;
  author: { followers: number | null; verified: boolean; name?: string | null; handle?: string | null };
  at: Date;
}

export interface EvaluationInput extends MessageFacts {
  vip: boolean;
}

export interface Evaluation {
  analysis: MessageAnalysis;
  fired: FiredRule[];
  outcome: RuleOutcome;
  settings: RoutingSettings;
  workspaceSettings: WorkspaceSettings;
}

/**
 * Detection plus the workspace's rules for one message; reads nothing but the cached
 * configuration, so preview, re-run and inbound routing share it.
 */
@Injectable()
export class RoutingEngineService {
  constructor(private readonly config: RoutingConfigCache) {}

  /** The workspace's configuration, from memory in the steady state. */
  configFor(db: EntityManager, workspaceId: string): Promise<RoutingConfig> {
    return this.config.get(db, workspaceId);
  }

  async evaluate(db: EntityManager, input: EvaluationInput): Promise<Evaluation> {
    const config = await this.configFor(db, input.workspaceId);
    const analysis = this.analyze(config, input);
    return this.decide(config, input, analysis, input.vip);
  }

  analyze(config: RoutingConfig, facts: MessageFacts): MessageAnalysis {
    return analyzeMessage({ text: facts.text, author: facts.author, highReachFollowers: config.workspaceSettings.highReachFollowers }, config.lexicon);
  }

  /** The rules' verdict on an analysed message. */
  decide(config: RoutingConfig, facts: MessageFacts, analysis: MessageAnalysis, vip: boolean): Evaluation {
    const { fired, outcome } = runRules(config.rules, {
      platform: facts.platform,
      kind: facts.kind,
      channelId: facts.channelId,
      text: facts.text,
      analysis,
      followers: facts.author.followers,
      verified: facts.author.verified,
      vip,
      at: facts.at,
      timezone: config.workspaceSettings.timezone,
    });
    return { analysis, fired, outcome, settings: config.settings, workspaceSettings: config.workspaceSettings };
  }
}
