import {
  PRIORITIES,
  type Priority,
  type RerunRoutingResponse,
  type RoutingLexiconExtension,
  type RoutingPreviewResponse,
  type RoutingRule,
  type RoutingSettings,
} from '@babillard/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DOMAIN_EVENTS, type ConversationChanged } from '../conversations/conversation.events';
import { RoutingConfigCache } from './config/routing-config.cache';
import { CRISIS_LISTS, CUE_LISTS, INTENTS } from './detection/lexicon';
import type { CreateRoutingRuleDto, RerunRoutingDto, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import type { RoutingPreviewDto } from './dto/routing-preview.dto';
import { CrisisIncidentsRepository } from './crisis/crisis-incidents.repository';
import { WorkspaceLexiconService } from './lexicon/workspace-lexicon.service';
import { RoutingEngineService } from './routing-engine.service';
import { RoutingSettingsRepository } from './routing-settings.repository';
import { RoutingRulesRepository } from './rules/routing-rules.repository';

@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rules: RoutingRulesRepository,
    private readonly settings: RoutingSettingsRepository,
    private readonly lexicons: WorkspaceLexiconService,
    private readonly engine: RoutingEngineService,
    private readonly incidents: CrisisIncidentsRepository,
    private readonly events: EventEmitter2,
    private readonly config: RoutingConfigCache,
  ) {}

  listRules(workspaceId: string): Promise<RoutingRule[]> {
    return this.rules.list(this.db.manager, workspaceId);
  }

  async getRule(workspaceId: string, id: string): Promise<RoutingRule> {
    const rule = await this.rules.get(this.db.manager, workspaceId, id);
    if (!rule) throw new NotFoundException('rule not found');
    return rule;
  }

  async createRule(workspaceId: string, dto: CreateRoutingRuleDto): Promise<RoutingRule> {
    const id = await this.db.transaction(async (tx) => {
      await this.checkReferences(tx, workspaceId, dto.actions, dto.conditions.channelIds);
      return this.rules.insert(
        tx,
        workspaceId,
        { name: dto.name, enabled: dto.enabled ?? true, stopProcessing: dto.stopProcessing ?? false, conditions: dto.conditions, actions: dto.actions },
        dto.position,
      );
    });
    this.changed(workspaceId);
    return this.getRule(workspaceId, id);
  }

  async updateRule(workspaceId: string, id: string, dto: UpdateRoutingRuleDto): Promise<RoutingRule> {
    await this.db.transaction(async (tx) => {
      const rule = await this.rules.get(tx, workspaceId, id);
      if (!rule) throw new NotFoundException('rule not found');
      const next = {
        name: dto.name ?? rule.name,
        enabled: dto.enabled ?? rule.enabled,
        stopProcessing: dto.stopProcessing ?? rule.stopProcessing,
        conditions: dto.conditions ?? rule.conditions,
        actions: dto.actions ?? rule.actions,
      };
      await this.checkReferences(tx, workspaceId, next.actions, next.conditions.channelIds);
      await this.rules.update(tx, workspaceId, id, next);
      if (dto.position !== undefined) {
        const ids = (await this.rules.list(tx, workspaceId)).map((r) => r.id).filter((r) => r !== id);
        ids.splice(Math.min(dto.position, ids.length), 0, id);
        await this.rules.reorder(tx, workspaceId, ids);
      }
    });
    this.changed(workspaceId);
    return this.getRule(workspaceId, id);
  }

  async deleteRule(workspaceId: string, id: string): Promise<void> {
    const deleted = await this.db.transaction((tx) => this.rules.delete(tx, workspaceId, id));
    this.changed(workspaceId);
    if (!deleted) throw new NotFoundException('rule not found');
  }

  async reorder(workspaceId: string, ids: string[]): Promise<RoutingRule[]> {
    await this.db.transaction(async (tx) => {
      const known = new Set((await this.rules.list(tx, workspaceId)).map((r) => r.id));
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw new NotFoundException(`ids: rule ${unknown} not found`);
      await this.rules.reorder(tx, workspaceId, [...new Set(ids)]);
    });
    this.changed(workspaceId);
    return this.listRules(workspaceId);
  }

  /** Try a message against detection and the rules; nothing is stored. */
  async preview(workspaceId: string, dto: RoutingPreviewDto): Promise<RoutingPreviewResponse> {
    const e = await this.engine.evaluate(this.db.manager, {
      workspaceId,
      text: dto.text,
      platform: dto.platform,
      kind: dto.kind,
      channelId: null,
      author: { followers: dto.author?.followers ?? null, verified: dto.author?.verified ?? false },
      vip: false,
      at: new Date(),
    });
    let teamId = e.outcome.teamId ?? null;
    let priority: Priority = e.outcome.priority ?? 'normal';
    const rules = e.fired.map((f) => ({ id: f.id, name: f.name, why: f.why }));
    const candidate = e.analysis.crisisCandidate || e.outcome.crisisCandidate;
    if (candidate && (await this.incidents.openIncidentId(this.db.manager, workspaceId))) {
      // What routing would do now: an open incident takes crisis threads to the crisis team.
      teamId = e.settings.crisisTeamId ?? teamId;
      priority = 'urgent';
    }
    return {
      category: e.analysis.category,
      language: e.analysis.language,
      intent: e.analysis.intent,
      sentiment: e.analysis.sentiment,
      crisisSignals: e.analysis.crisisSignals,
      teamId,
      priority,
      rules,
      detectorCategory: e.analysis.detectorCategory,
      model: e.analysis.model,
    };
  }

  /**
   * Re-applies the current rules to existing threads, on a lead's request: their latest inbound
   * message is evaluated as if the thread were new. Spike detection is not fed again.
   */
  async rerun(workspaceId: string, dto: RerunRoutingDto): Promise<RerunRoutingResponse> {
    const changedIds: string[] = [];
    let processed = 0;
    await this.db.transaction(async (tx) => {
      const rows: { id: string }[] = dto.conversationIds?.length
        ? await tx.query(`SELECT id FROM conversation WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, dto.conversationIds])
        : await tx.query(
            `SELECT id FROM conversation WHERE workspace_id = $1 AND status IN ('open', 'pending') ORDER BY last_activity_at DESC LIMIT $2`,
            [workspaceId, dto.limit ?? 200],
          );
      for (const { id } of rows) {
        processed++;
        if (await this.rerunOne(tx, workspaceId, id)) changedIds.push(id);
      }
    });
    for (const conversationId of changedIds) {
      this.events.emit(DOMAIN_EVENTS.conversationUpdated, { workspaceId, conversationId, changes: ['routing'] } satisfies ConversationChanged);
    }
    return { processed, changed: changedIds.length };
  }

  private async rerunOne(tx: EntityManager, workspaceId: string, conversationId: string): Promise<boolean> {
    const [c] = await tx.query(
      `SELECT c.*, ct.vip, m.text AS message_text, m.created_at AS message_at, i.followers_count, i.verified, i.display_name, i.handle
         FROM conversation c JOIN contact ct ON ct.id = c.contact_id
         LEFT JOIN LATERAL (SELECT text, created_at, author_identity_id FROM message WHERE conversation_id = c.id AND direction = 'inbound'
                             ORDER BY created_at DESC LIMIT 1) m ON true
         LEFT JOIN contact_identity i ON i.id = m.author_identity_id
        WHERE c.id = $1 FOR UPDATE OF c`,
      [conversationId],
    );
    if (!c || c.message_text === null) return false;
    const e = await this.engine.evaluate(tx, {
      workspaceId,
      text: c.message_text,
      platform: c.platform,
      kind: c.kind,
      channelId: c.channel_id,
      author: { followers: c.followers_count, verified: Boolean(c.verified), name: c.display_name, handle: c.handle },
      vip: Boolean(c.vip),
      at: c.message_at,
    });
    const o = e.outcome;
    const next = {
      teamId: o.teamId ?? c.team_id,
      assigneeId: o.assigneeId ?? c.assignee_id,
      status: o.status ?? c.status,
      priority: o.priority ?? c.priority,
      labels: [...new Set([...(c.labels as string[]), ...o.labels])],
    };
    const changed =
      next.teamId !== c.team_id || next.assigneeId !== c.assignee_id || next.status !== c.status || next.priority !== c.priority || next.labels.length !== c.labels.length;
    if (changed) {
      await tx.query(
        `UPDATE conversation SET team_id = $2, assignee_id = $3, status = $4, priority = $5, priority_rank = $6, labels = $7, updated_at = now() WHERE id = $1`,
        [conversationId, next.teamId, next.assigneeId, next.status, next.priority, PRIORITIES.indexOf(next.priority), next.labels],
      );
    }
    for (const f of e.fired) {
      await tx.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, 'rule.fired', 'rule', $3)`,
        [workspaceId, conversationId, JSON.stringify({ ruleId: f.id, ruleName: f.name, why: f.why, actions: f.actions, applied: 'rerun' })],
      );
    }
    return changed;
  }

  getSettings(workspaceId: string): Promise<RoutingSettings> {
    return this.settings.get(this.db.manager, workspaceId);
  }

  async updateSettings(workspaceId: string, patch: Partial<RoutingSettings>): Promise<RoutingSettings> {
    if (patch.crisisTeamId) await this.checkTeams(this.db.manager, workspaceId, [patch.crisisTeamId], 'crisisTeamId');
    await this.settings.save(this.db.manager, workspaceId, patch);
    this.changed(workspaceId);
    return this.getSettings(workspaceId);
  }

  getLexicon(workspaceId: string): Promise<RoutingLexiconExtension> {
    return this.lexicons.getExtension(this.db.manager, workspaceId);
  }

  async updateLexicon(workspaceId: string, extension: RoutingLexiconExtension): Promise<RoutingLexiconExtension> {
    validateExtension(extension);
    await this.lexicons.saveExtension(this.db.manager, workspaceId, extension);
    this.changed(workspaceId);
    return this.getLexicon(workspaceId);
  }

  /**
   * After a committed change: this process routes the very next message with it. Other processes
   * hear of it from the database trigger's NOTIFY (RoutingConfigCache).
   */
  private changed(workspaceId: string): void {
    this.config.invalidate(workspaceId);
  }

  private async checkReferences(tx: EntityManager, workspaceId: string, actions: CreateRoutingRuleDto['actions'], channelIds?: string[]) {
    const teams = [...(actions.teamId ? [actions.teamId] : []), ...(actions.notifyTeamIds ?? [])];
    if (teams.length) await this.checkTeams(tx, workspaceId, teams, 'actions.teamId');
    const users = [...(actions.assigneeId ? [actions.assigneeId] : []), ...(actions.notifyUserIds ?? [])];
    if (users.length) {
      const [{ n }] = await tx.query(`SELECT count(DISTINCT user_id)::int AS n FROM workspace_member WHERE workspace_id = $1 AND user_id = ANY($2::uuid[])`, [
        workspaceId,
        users,
      ]);
      if (n !== new Set(users).size) throw new BadRequestException('actions: assigneeId or notifyUserIds names a user who is not in this workspace');
    }
    if (channelIds?.length) {
      const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM channel WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, channelIds]);
      if (n !== new Set(channelIds).size) throw new BadRequestException('conditions.channelIds names a channel that is not in this workspace');
    }
  }

  private async checkTeams(db: EntityManager, workspaceId: string, ids: string[], field: string) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM team WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
    if (n !== new Set(ids).size) throw new BadRequestException(`${field} names a team that is not in this workspace`);
  }
}

function validateExtension(ext: RoutingLexiconExtension): void {
  const checkLists = (group: string, lists: Record<string, unknown> | undefined, allowed: readonly string[]) => {
    for (const [key, value] of Object.entries(lists ?? {})) {
      if (!allowed.includes(key)) throw new BadRequestException(`${group}.${key} is not a lexicon list (${allowed.join(', ')})`);
      for (const [lang, terms] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        if (lang !== 'fr' && lang !== 'en') throw new BadRequestException(`${group}.${key}.${lang}: languages are fr and en`);
        if (!Array.isArray(terms) || terms.length > 2000 || terms.some((t) => typeof t !== 'string' || t.length > 100)) {
          throw new BadRequestException(`${group}.${key}.${lang} must be a list of at most 2000 terms of at most 100 characters`);
        }
      }
    }
  };
  checkLists('intents', ext.intents, INTENTS);
  checkLists('crisis', ext.crisis, CRISIS_LISTS);
  checkLists('cues', ext.cues, CUE_LISTS);
  for (const key of ['negators', 'intensifiers'] as const) {
    const list = ext.sentiment?.[key];
    if (list !== undefined && (!Array.isArray(list) || list.some((t) => typeof t !== 'string'))) {
      throw new BadRequestException(`sentiment.${key} must be a list of words`);
    }
  }
  for (const [word, weight] of Object.entries(ext.sentiment?.words ?? {})) {
    if (typeof weight !== 'number' || weight < -5 || weight > 5) throw new BadRequestException(`sentiment.words.${word} must be a number from -5 to 5`);
  }
}
