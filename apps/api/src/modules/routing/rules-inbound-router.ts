import { PRIORITIES, type Priority } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PreparedStatement } from '../../database/prepared-statement';
import type { ConversationEntity } from '../conversations/conversation.entity';
import type { MessageEntity } from '../conversations/message.entity';
import { CrisisDetectorService } from './crisis/crisis-detector.service';
import { CrisisIncidentsRepository } from './crisis/crisis-incidents.repository';
import type { MessageAnalysis } from './detection/analyze';
import { InboundRouter, type InboundRoutingInput, type InboundRoutingResult } from './inbound-router';
import { RoutingEngineService, type Evaluation, type MessageFacts } from './routing-engine.service';

const rank = (p: Priority) => PRIORITIES.indexOf(p);

/**
 * Routes every new inbound message inside ingestion's transaction: detection, the workspace's
 * rules, crisis spike detection. On a new thread the rules' actions all apply; on a follow-up they
 * only escalate (raise priority, add labels, notify, mark crisis), so a human's routing decision
 * is never undone by the customer writing again.
 *
 * Its cost per message, in the steady state: the configuration comes from memory, and one
 * statement records the classification, the thread's new routing and the rules that fired. When
 * a rule asks about VIPs and ingestion did not pass the contact's flag, the classification goes
 * with the read of the flag first, and a second statement follows only if a rule changed
 * something. Crisis candidates add the spike detector's work.
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
    const config = await this.engine.configFor(tx, conversation.workspaceId);
    const facts = messageFacts(input);
    const analysis = this.engine.analyze(config, facts);
    const classified = classification(message, analysis);
    const known = input.contactVip ?? (config.needsVip ? undefined : false);
    // The VIP flag must be read before the rules run: then the classification goes with that read.
    const vip = known ?? (await readVipRecordingClassification(tx, conversation, classified));
    const evaluation = this.engine.decide(config, facts, analysis, vip);

    const result: InboundRoutingResult = { changes: [], crisisOpened: [], crisisUpdated: [], notify: [] };
    const plan = planOutcome(conversation, evaluation, {
      full: isNewConversation,
      defaultTeamId: channel.defaultTeamId,
      result,
      classified: known === undefined ? null : classified,
    });
    await writeOutcomes(tx, [plan]);
    await this.notifyRules(tx, conversation, evaluation, result);
    await this.crisis(tx, input, facts, analysis, evaluation, result);
    result.changes = [...new Set(result.changes)];
    return result;
  }

  /**
   * Several messages of different conversations (one ingestion wave): those that only need their
   * classification and rule outcome written share one statement; the others (VIP flag unknown,
   * notifications, crisis candidates) are routed one by one.
   */
  override async routeInboundMany(tx: EntityManager, inputs: InboundRoutingInput[]): Promise<InboundRoutingResult[]> {
    const results: InboundRoutingResult[] = new Array(inputs.length);
    const plans: OutcomePlan[] = [];
    const single: number[] = [];
    for (const [i, input] of inputs.entries()) {
      const config = await this.engine.configFor(tx, input.conversation.workspaceId);
      const vip = input.contactVip ?? (config.needsVip ? undefined : false);
      if (vip === undefined) {
        single.push(i);
        continue;
      }
      const facts = messageFacts(input);
      const analysis = this.engine.analyze(config, facts);
      const evaluation = this.engine.decide(config, facts, analysis, vip);
      const o = evaluation.outcome;
      if (analysis.crisisCandidate || o.crisisCandidate || o.notifyUserIds.length || o.notifyTeamIds.length) {
        single.push(i);
        continue;
      }
      const result: InboundRoutingResult = { changes: [], crisisOpened: [], crisisUpdated: [], notify: [] };
      plans.push(
        planOutcome(input.conversation, evaluation, {
          full: input.isNewConversation,
          defaultTeamId: input.channel.defaultTeamId,
          result,
          classified: classification(input.message, analysis),
        }),
      );
      result.changes = [...new Set(result.changes)];
      results[i] = result;
    }
    await writeOutcomes(tx, plans);
    for (const i of single) results[i] = await this.routeInbound(tx, inputs[i]);
    return results;
  }

  private async crisis(
    tx: EntityManager,
    input: InboundRoutingInput,
    facts: MessageFacts,
    analysis: MessageAnalysis,
    evaluation: Evaluation,
    result: InboundRoutingResult,
  ): Promise<void> {
    const { conversation } = input;
    if (!analysis.crisisCandidate && !evaluation.outcome.crisisCandidate) return;
    const signal = await this.detector.recordSignal(tx, {
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      at: facts.at,
      settings: evaluation.settings,
    });
    if (!signal.incidentId) return;
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

/** What routing writes for one message: the thread's new routing (when it changed) and its timeline events. */
interface OutcomePlan {
  conversation: ConversationEntity;
  changed: boolean;
  events: TimelineEvent[];
}

/**
 * The thread's new routing and the events to record (the classification unless already written,
 * and the rules that fired; on a follow-up whose rules change nothing, no rule.fired). Applies the
 * patch to `conversation` and lists the changed fields in the result.
 */
function planOutcome(
  conversation: ConversationEntity,
  evaluation: Evaluation,
  opts: { full: boolean; defaultTeamId: string | null; result: InboundRoutingResult; classified: TimelineEvent | null },
): OutcomePlan {
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
  const changed = Object.keys(patch).length > 0;
  const acted = changed || o.notifyUserIds.length > 0 || o.notifyTeamIds.length > 0 || o.crisisCandidate;
  const fired = opts.full || acted ? evaluation.fired : [];
  const events: TimelineEvent[] = [
    ...(opts.classified ? [opts.classified] : []),
    ...fired.map((rule) => ({
      type: 'rule.fired',
      actor: 'rule' as const,
      data: { ruleId: rule.id, ruleName: rule.name, why: rule.why, actions: rule.actions, applied: opts.full ? 'all' : 'escalation-only' },
    })),
  ];
  if (changed) {
    Object.assign(conversation, patch);
    opts.result.changes.push(...Object.keys(patch).filter((k) => k !== 'priorityRank'));
  }
  return { conversation, changed, events };
}

/** One statement for any number of messages (of different conversations): routing changes, then events in order. */
async function writeOutcomes(tx: EntityManager, plans: OutcomePlan[]): Promise<void> {
  const todo = plans.filter((p) => p.changed || p.events.length);
  if (!todo.length) return;
  await OUTCOMES.run(tx, [
    JSON.stringify(
      todo.map(({ conversation: c, changed, events }, n) => ({
        n,
        ws: c.workspaceId,
        id: c.id,
        changed,
        team: c.teamId,
        assignee: c.assigneeId,
        status: c.status,
        priority: c.priority,
        rank: c.priorityRank,
        labels: c.labels,
        events,
      })),
    ),
  ]);
}

/** writeOutcomes' statement. Its conversations are locked already: the wave that moved them forward updated them. */
const OUTCOMES = new PreparedStatement(
  `WITH input AS (
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(n int, ws uuid, id uuid, changed boolean, team uuid, assignee uuid, status text, priority text, rank int, labels text[], events jsonb)
   ), thread AS (
     UPDATE conversation c SET team_id = i.team, assignee_id = i.assignee, status = i.status, priority = i.priority,
            priority_rank = i.rank, labels = i.labels, updated_at = now()
       FROM input i WHERE c.id = i.id AND i.changed
   )
   INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data)
   SELECT i.ws, i.id, e.value->>'type', e.value->>'actor', e.value->'data'
     FROM input i, jsonb_array_elements(i.events) WITH ORDINALITY AS e(value, n)
    ORDER BY i.n, e.n`,
);

function messageFacts({ conversation, channel, message, author }: InboundRoutingInput): MessageFacts {
  return {
    workspaceId: conversation.workspaceId,
    text: message.text ?? '',
    platform: conversation.platform,
    kind: conversation.kind,
    channelId: channel.id,
    author: { followers: author?.followersCount ?? null, verified: author?.verified ?? false, name: author?.displayName, handle: author?.handle },
    at: message.createdAt ?? new Date(),
  };
}

interface TimelineEvent {
  type: string;
  actor: 'rule' | 'system';
  data: Record<string, unknown>;
}

/** The 'routing.classified' timeline event: the audit trail of every message. */
function classification(message: MessageEntity, a: MessageAnalysis): TimelineEvent {
  return {
    type: 'routing.classified',
    actor: 'system',
    data: { messageId: message.id, category: a.category, language: a.language, intent: a.intent, sentiment: a.sentiment, crisisSignals: a.crisisSignals },
  };
}

/** Records the classification and reads the contact's VIP flag, in one statement. */
async function readVipRecordingClassification(tx: EntityManager, conversation: ConversationEntity, classified: TimelineEvent): Promise<boolean> {
  const [row] = await tx.query(
    `WITH classified AS (
       INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, $3, $4, $5)
     )
     SELECT vip FROM contact WHERE id = $6`,
    [conversation.workspaceId, conversation.id, classified.type, classified.actor, JSON.stringify(classified.data), conversation.contactId],
  );
  return Boolean(row?.vip);
}
