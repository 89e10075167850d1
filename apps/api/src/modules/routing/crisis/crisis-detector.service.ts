import { PRIORITIES, type RoutingSettings } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CrisisIncidentsRepository, type IncidentActor } from './crisis-incidents.repository';
import { detectSpike } from './spike-detector';

export interface SignalOutcome {
  /** The open incident the message's thread now belongs to, if any. */
  incidentId: string | null;
  opened: boolean;
  /** Threads attached by this call (the spike's own threads when it opened an incident). */
  attachedConversationIds: string[];
}

const URGENT_RANK = PRIORITIES.indexOf('urgent');
/** The quiet clock restarts at most this often: a burst does not rewrite the incident row per message. */
const TOUCH_GRANULARITY = '30 seconds';

/**
 * Serialises, per workspace, everything that opens, joins or closes incidents (spike detection,
 * the quiet-period sweep, leads closing by hand) across every API process.
 */
export async function lockWorkspaceCrises(tx: EntityManager, workspaceId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('babillard.crisis:' || $1, 0))`, [workspaceId]);
}

/**
 * Spike detection and attachment, inside the caller's transaction. State lives in PostgreSQL
 * (crisis_signal rows) and a per-workspace advisory lock serialises the check-and-open, so several
 * API processes never open two incidents for one burst.
 */
@Injectable()
export class CrisisDetectorService {
  constructor(private readonly incidents: CrisisIncidentsRepository) {}

  async recordSignal(
    tx: EntityManager,
    input: { workspaceId: string; conversationId: string; at: Date; settings: RoutingSettings },
  ): Promise<SignalOutcome> {
    const { workspaceId, conversationId, at, settings } = input;
    await lockWorkspaceCrises(tx, workspaceId);
    // After the lock (a statement of its own, so this one sees what the previous holder committed):
    // the signal, the open incident if any, and its quiet clock restarted.
    const [row] = await tx.query(
      `WITH signal AS (INSERT INTO crisis_signal (workspace_id, conversation_id, at) VALUES ($1, $2, $3)),
            open AS (SELECT id FROM crisis_incident WHERE workspace_id = $1 AND status = 'open' ORDER BY opened_at DESC LIMIT 1),
            touched AS (UPDATE crisis_incident SET last_signal_at = now()
                         WHERE id = (SELECT id FROM open) AND coalesce(last_signal_at, opened_at) < now() - interval '${TOUCH_GRANULARITY}')
       SELECT (SELECT id FROM open) AS open`,
      [workspaceId, conversationId, at],
    );
    const open: string | null = row?.open ?? null;
    if (open) {
      const attached = await this.attach(tx, open, conversationId, settings.crisisTeamId, { type: 'system' }, workspaceId);
      return { incidentId: open, opened: false, attachedConversationIds: attached ? [conversationId] : [] };
    }

    const windowStart = new Date(at.getTime() - settings.spikeWindowMinutes * 60_000);
    // Messages arrive out of order: signals stamped a little after this one belong to the same window.
    const windowEnd = new Date(at.getTime() + settings.spikeWindowMinutes * 60_000);
    const baselineStart = new Date(at.getTime() - settings.baselineHours * 3_600_000);
    const [counts] = await tx.query(
      `SELECT count(*) FILTER (WHERE at > $2)::int AS recent, count(*) FILTER (WHERE at <= $2)::int AS baseline,
              min(at) FILTER (WHERE at <= $2) AS since
         FROM crisis_signal WHERE workspace_id = $1 AND at > $3 AND at <= $4`,
      [workspaceId, windowStart, baselineStart, windowEnd],
    );
    const observedMinutes = counts.since ? (windowStart.getTime() - new Date(counts.since).getTime()) / 60_000 : 0;
    const decision = detectSpike(counts.recent, counts.baseline, observedMinutes, {
      windowMinutes: settings.spikeWindowMinutes,
      baselineHours: settings.baselineHours,
      minCount: settings.spikeMinCount,
      factor: settings.spikeFactor,
    });
    if (!decision.spike) return { incidentId: null, opened: false, attachedConversationIds: [] };

    const reason = `${decision.recent} negative or crisis messages in ${settings.spikeWindowMinutes} min (usually ${decision.expected})`;
    const incidentId = await this.incidents.create(tx, workspaceId, { title: `Crise détectée — ${reason}`, reason, actor: { type: 'system' } });
    const rows: { conversation_id: string }[] = await tx.query(
      `SELECT DISTINCT conversation_id FROM crisis_signal WHERE workspace_id = $1 AND at > $2 AND at <= $3 AND conversation_id IS NOT NULL`,
      [workspaceId, windowStart, windowEnd],
    );
    const attachedConversationIds: string[] = [];
    for (const r of rows) {
      if (await this.attach(tx, incidentId, r.conversation_id, settings.crisisTeamId, { type: 'system' }, workspaceId)) attachedConversationIds.push(r.conversation_id);
    }
    return { incidentId, opened: true, attachedConversationIds };
  }

  /** Puts a thread in the incident: crisis id, the crisis team, urgent priority, and both timelines. */
  async attach(
    tx: EntityManager,
    incidentId: string,
    conversationId: string,
    crisisTeamId: string | null,
    actor: IncidentActor,
    workspaceId?: string,
  ): Promise<boolean> {
    const [, affected] = await tx.query(
      `UPDATE conversation SET crisis_id = $2, team_id = coalesce($3, team_id), priority = 'urgent', priority_rank = $4, updated_at = now()
        WHERE id = $1 AND crisis_id IS DISTINCT FROM $2`,
      [conversationId, incidentId, crisisTeamId, URGENT_RANK],
    );
    const linked = await this.incidents.link(tx, incidentId, conversationId);
    if (!affected && !linked) return false;
    const ws = workspaceId ?? (await tx.query(`SELECT workspace_id FROM conversation WHERE id = $1`, [conversationId]))[0].workspace_id;
    await tx.query(
      `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data) VALUES ($1, $2, 'crisis.attached', $3, $4, $5)`,
      [ws, conversationId, actor.type, actor.type === 'user' ? actor.userId : null, JSON.stringify({ incidentId, teamId: crisisTeamId, priority: 'urgent' })],
    );
    if (linked) await this.incidents.addEvent(tx, incidentId, 'conversation.attached', actor, { conversationId });
    return true;
  }
}
