import { PRIORITIES, type Priority } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationEntity } from '../conversations/conversation.entity';
import { CrisisDetectorService } from './crisis/crisis-detector.service';
import { CrisisIncidentsRepository } from './crisis/crisis-incidents.repository';
import { InboundRouter, type InboundRoutingInput, type InboundRoutingResult } from './inbound-router';
import { RoutingEngineService, type Evaluation } from './routing-engine.service';

const rank = (p: Priority) => PRIORITIES.indexOf(p);

/**
 * Routes every new inbound message inside ingestion's transaction: detection, the workspace's
 * rules, crisis spike detection. On a new thread the rules' actions all apply; on a follow-up they
 * only escalate (raise priority, add labels, notify, mark crisis), so a human's routing decision
 * is never undone by the customer writing again.
 */
@Injectable()
export class RulesInboundRouter extends InboundRouter {
  constructor(
    private readonly engine: RoutingEngineService,
    private readonly detector: CrisisDetectorService,
    private readonly incidents: CrisisIncidentsRepository,
  ) {
    super();
  }

  async routeInbound(tx: EntityManager, input: InboundRoutingInput): Promise<InboundRoutingResult> {
    const { conversation, channel, message, author, isNewConversation } = input;
    const [contact] = await tx.query(`SELECT vip FROM contact WHERE id = $1`, [conversation.contactId]);
    const evaluation = await this.engine.evaluate(tx, {
      workspaceId: conversation.workspaceId,
      text: message.text ?? '',
      platform: conversation.platform,
      kind: conversation.kind,
      channelId: channel.id,
      author: { followers: author?.followersCount ?? null, verified: author?.verified ?? false, name: author?.displayName, handle: author?.handle },
      vip: Boolean(contact?.vip),
      at: message.createdAt ?? new Date(),
    });
    const result: InboundRoutingResult = { changes: [], crisisOpened: [], crisisUpdated: [], notify: [] };
    await this.applyOutcome(tx, conversation, evaluation, { full: isNewConversation, defaultTeamId: channel.defaultTeamId, result });
    await this.notifyRules(tx, conversation, evaluation, result);

    const a = evaluation.analysis;
    await insertEvent(tx, conversation, 'routing.classified', 'system', {
      messageId: message.id,
      category: a.category,
      language: a.language,
      intent: a.intent,
      sentiment: a.sentiment,
      crisisSignals: a.crisisSignals,
    });

    if (a.crisisCandidate || evaluation.outcome.crisisCandidate) {
      const signal = await this.detector.recordSignal(tx, {
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        at: message.createdAt ?? new Date(),
        settings: evaluation.settings,
      });
      if (signal.incidentId) {
        const [row] = await tx.query(`SELECT crisis_id, team_id, priority, priority_rank FROM conversation WHERE id = $1`, [conversation.id]);
        conversation.crisisId = row.crisis_id;
        conversation.teamId = row.team_id;
        conversation.priority = row.priority;
        conversation.priorityRank = row.priority_rank;
        if (signal.attachedConversationIds.length) result.changes.push('crisisId', 'teamId', 'priority');
        if (signal.opened) {
          result.crisisOpened.push(signal.incidentId);
          const leads = await this.incidents.leadIds(tx, conversation.workspaceId);
          if (leads.length) result.notify.push({ userIds: leads, text: `Crise ouverte : ${signal.attachedConversationIds.length} conversation(s) rattachée(s)`, kind: 'crisis' });
        } else if (signal.attachedConversationIds.length) {
          result.crisisUpdated.push(signal.incidentId);
        }
        if (result.crisisOpened.length || result.crisisUpdated.length) {
          const incident = await this.incidents.summary(tx, conversation.workspaceId, signal.incidentId);
          if (incident) result.incidents = [incident];
        }
      }
    }
    result.changes = [...new Set(result.changes)];
    return result;
  }

  private async applyOutcome(
    tx: EntityManager,
    conversation: ConversationEntity,
    evaluation: Evaluation,
    opts: { full: boolean; defaultTeamId: string | null; result: InboundRoutingResult },
  ): Promise<void> {
    const o = evaluation.outcome;
    const patch: Partial<ConversationEntity> = {};
    if (opts.full) {
      const teamId = o.teamId ?? (conversation.teamId ? undefined : (opts.defaultTeamId ?? undefined));
      if (teamId && teamId !== conversation.teamId) patch.teamId = teamId;
      if (o.assigneeId && o.assigneeId !== conversation.assigneeId) patch.assigneeId = o.assigneeId;
      if (o.status && o.status !== conversation.status) patch.status = o.status;
      if (o.priority && o.priority !== conversation.priority) patch.priority = o.priority;
    } else if (o.priority && rank(o.priority) > conversation.priorityRank) {
      patch.priority = o.priority;
    }
    if (patch.priority) patch.priorityRank = rank(patch.priority);
    const labels = o.labels.filter((l) => !conversation.labels.includes(l));
    if (labels.length) patch.labels = [...conversation.labels, ...labels];
    if (Object.keys(patch).length) {
      Object.assign(conversation, patch);
      await tx.query(
        `UPDATE conversation SET team_id = $2, assignee_id = $3, status = $4, priority = $5, priority_rank = $6, labels = $7, updated_at = now() WHERE id = $1`,
        [conversation.id, conversation.teamId, conversation.assigneeId, conversation.status, conversation.priority, conversation.priorityRank, conversation.labels],
      );
      opts.result.changes.push(...Object.keys(patch).filter((k) => k !== 'priorityRank'));
    }
    for (const rule of evaluation.fired) {
      await insertEvent(tx, conversation, 'rule.fired', 'rule', {
        ruleId: rule.id,
        ruleName: rule.name,
        why: rule.why,
        actions: rule.actions,
        applied: opts.full ? 'all' : 'escalation-only',
      });
    }
  }

  private async notifyRules(tx: EntityManager, conversation: ConversationEntity, evaluation: Evaluation, result: InboundRoutingResult) {
    const o = evaluation.outcome;
    if (!o.notifyUserIds.length && !o.notifyTeamIds.length) return;
    const rows: { user_id: string }[] = o.notifyTeamIds.length
      ? await tx.query(
          `SELECT DISTINCT tm.user_id FROM team_member tm JOIN team t ON t.id = tm.team_id WHERE t.workspace_id = $1 AND tm.team_id = ANY($2::uuid[])`,
          [conversation.workspaceId, o.notifyTeamIds],
        )
      : [];
    const userIds = [...new Set([...o.notifyUserIds, ...rows.map((r) => r.user_id)])];
    const names = evaluation.fired.filter((f) => f.actions.notifyUserIds?.length || f.actions.notifyTeamIds?.length).map((f) => f.name);
    if (userIds.length) result.notify.push({ userIds, text: `Règle « ${names.join(', ')} » : ${(conversation.lastMessageText ?? '').slice(0, 120)}`, kind: 'rule' });
  }
}

async function insertEvent(tx: EntityManager, conversation: ConversationEntity, type: string, actor: 'rule' | 'system', data: Record<string, unknown>) {
  await tx.query(
    `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, $3, $4, $5)`,
    [conversation.workspaceId, conversation.id, type, actor, JSON.stringify(data)],
  );
}
