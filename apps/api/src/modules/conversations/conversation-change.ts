import { PRIORITIES, type ConversationStatus, type Priority } from '@babillard/contracts';
import { BadRequestException } from '@nestjs/common';
import type { ConversationEntity } from './conversation.entity';

/** A validated change request (single or bulk). `undefined` leaves a field as it is. */
export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: Priority;
  teamId?: string | null;
  assigneeId?: string | null;
  labels?: string[];
  snoozedUntil?: Date | null;
}

export type ConversationColumns = Partial<
  Pick<ConversationEntity, 'status' | 'priority' | 'priorityRank' | 'teamId' | 'assigneeId' | 'labels' | 'snoozedUntil' | 'resolvedAt' | 'waitingSince'>
>;

export interface PlannedChange {
  set: ConversationColumns;
  /** Public field names that changed (for listeners and clients). */
  changes: string[];
  timeline: { type: string; data: Record<string, unknown> }[];
  assignment: { from: string | null; to: string | null } | null;
  previousTeamId: string | null;
}

/**
 * What a patch does to one conversation: the columns to write, the timeline entries and the
 * assignment change. Pure, so every rule (snooze needs a time, resolving stops the wait…) is tested alone.
 */
export function planConversationChange(current: ConversationEntity, patch: ConversationPatch, now: Date): PlannedChange {
  const set: ConversationColumns = {};
  const changes: string[] = [];
  const timeline: PlannedChange['timeline'] = [];

  const status = patch.status ?? (patch.snoozedUntil ? 'snoozed' : undefined);
  if (patch.snoozedUntil && status !== 'snoozed') {
    throw new BadRequestException('snoozedUntil only goes with status snoozed');
  }
  if (status === 'snoozed') {
    const until = patch.snoozedUntil ?? (current.status === 'snoozed' ? current.snoozedUntil : null);
    if (!until) throw new BadRequestException('snoozedUntil is required to snooze a conversation');
    if (until.getTime() <= now.getTime()) throw new BadRequestException('snoozedUntil must be in the future');
    if (current.status !== 'snoozed' || current.snoozedUntil?.getTime() !== until.getTime()) {
      set.status = 'snoozed';
      set.snoozedUntil = until;
      changes.push('status', 'snoozedUntil');
      timeline.push({ type: 'status.changed', data: { from: current.status, to: 'snoozed', snoozedUntil: until.toISOString() } });
    }
  } else if (status && status !== current.status) {
    set.status = status;
    changes.push('status');
    if (current.snoozedUntil) {
      set.snoozedUntil = null;
      changes.push('snoozedUntil');
    }
    if (status === 'resolved') {
      set.resolvedAt = now;
      set.waitingSince = null;
      changes.push('resolvedAt', 'waitingSince');
    } else if (current.status === 'resolved') {
      set.resolvedAt = null;
      changes.push('resolvedAt');
      // Reopened with an unanswered customer message: the wait resumes from that message.
      const unanswered = current.lastInboundAt && (!current.lastOutboundAt || current.lastInboundAt > current.lastOutboundAt);
      if (unanswered) {
        set.waitingSince = current.lastInboundAt;
        changes.push('waitingSince');
      }
    }
    timeline.push({ type: 'status.changed', data: { from: current.status, to: status } });
  }

  if (patch.priority && patch.priority !== current.priority) {
    set.priority = patch.priority;
    set.priorityRank = PRIORITIES.indexOf(patch.priority);
    changes.push('priority');
    timeline.push({ type: 'priority.changed', data: { from: current.priority, to: patch.priority } });
  }

  if (patch.teamId !== undefined && patch.teamId !== current.teamId) {
    set.teamId = patch.teamId;
    changes.push('teamId');
    timeline.push({ type: 'team.changed', data: { from: current.teamId, to: patch.teamId } });
  }

  let assignment: PlannedChange['assignment'] = null;
  if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
    set.assigneeId = patch.assigneeId;
    changes.push('assigneeId');
    assignment = { from: current.assigneeId, to: patch.assigneeId };
    timeline.push({ type: patch.assigneeId ? 'assigned' : 'unassigned', data: assignment });
  }

  if (patch.labels !== undefined) {
    const next = normaliseLabels(patch.labels);
    const added = next.filter((l) => !current.labels.includes(l));
    const removed = current.labels.filter((l) => !next.includes(l));
    if (added.length || removed.length) {
      set.labels = next;
      changes.push('labels');
      timeline.push({ type: 'labels.changed', data: { added, removed } });
    }
  }

  return { set, changes, timeline, assignment, previousTeamId: current.teamId };
}

/** Trimmed, lower-cased, without duplicates, in the order given. */
export function normaliseLabels(labels: string[]): string[] {
  return [...new Set(labels.map((l) => l.trim().toLowerCase()).filter(Boolean))];
}
