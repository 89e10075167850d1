import type {
  AssignmentChangedEvent,
  ChannelUpdatedEvent,
  ConversationEvent,
  CrisisEvent,
  MessageEvent,
  NotificationEvent,
  PresenceChangedEvent,
  ServerEventName,
} from '@babillard/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { StageClock } from '../../core/stage-clock';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationThreadRepository } from '../conversations/conversation-thread.repository';
import { toMessage, type MessageRecord } from '../conversations/message.mapper';
import { ConversationQueueRepository } from '../conversations/queue/conversation-queue.repository';
import type { ConversationRow } from '../conversations/queue/conversation-row';
import { RealtimeEventRepository, type StoredEvent } from './realtime-event.repository';
import { RealtimeServer } from './realtime-server';
import { conversationRooms, rooms } from './rooms';

type Unsequenced<T> = Omit<T, 'seq'>;

/** Events whose payload is known when they are enqueued (nothing to re-read). */
export type ReadyEvent =
  | { name: 'assignment.changed'; payload: Unsequenced<AssignmentChangedEvent> }
  | { name: 'presence.changed'; payload: Unsequenced<PresenceChangedEvent> }
  | { name: 'crisis.opened' | 'crisis.updated'; payload: Unsequenced<CrisisEvent> }
  | { name: 'channel.updated'; payload: Unsequenced<ChannelUpdatedEvent> }
  | { name: 'notification'; payload: Unsequenced<NotificationEvent> };

export type PendingEvent =
  | {
      kind: 'conversation';
      name: 'conversation.created' | 'conversation.updated';
      workspaceId: string;
      conversationId: string;
      /** Rooms that must hear besides the current ones (the previous team or assignee). */
      previous?: { teamIds?: (string | null)[]; userIds?: (string | null)[] };
      /** Only this user's room, with this user's unread count (after marking read). */
      viewerId?: string;
    }
  | {
      kind: 'message';
      name: 'message.created' | 'message.updated';
      workspaceId: string;
      conversationId: string;
      messageId: string;
      /** The committed row, when the process that created the message publishes it (nothing to re-read). */
      created?: MessageRecord;
    }
  | { kind: 'ready'; workspaceId: string; rooms: string[]; event: ReadyEvent };

const MAX_BATCH = 500;

/**
 * Turns domain events into client events. Everything enqueued while a flush runs goes out in the next
 * one: a burst costs a few queries per batch, not per event. Per batch it re-reads the latest state,
 * coalesces updates of the same conversation, stores the events (which gives them their sequence)
 * and only then emits, in sequence order.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger(RealtimePublisher.name);
  private pending: PendingEvent[] = [];
  private flushing: Promise<void> | null = null;
  private readonly lastSeq = new Map<string, number>();

  constructor(
    private readonly queue: ConversationQueueRepository,
    private readonly thread: ConversationThreadRepository,
    private readonly log: RealtimeEventRepository,
    private readonly server: RealtimeServer,
  ) {}

  enqueue(event: PendingEvent): void {
    this.pending.push(event);
    // Domain events of one commit are emitted together, synchronously: the end of the current tick
    // gathers them, without waiting behind the I/O callbacks that are ready (as setImmediate would).
    if (!this.flushing) this.flushing = new Promise((resolve) => process.nextTick(resolve)).then(() => this.drain());
  }

  /** Resolves once everything enqueued so far is out (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The last sequence this process stored for a workspace: what ephemeral events (typing, viewing) carry. */
  currentSeq(workspaceId: string): number {
    return this.lastSeq.get(workspaceId) ?? 0;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        const started = performance.now();
        await this.publish(batch).catch((err) => this.logger.error(`realtime batch of ${batch.length} lost: ${err}`));
        this.logger.debug(`published a batch of ${batch.length} in ${(performance.now() - started).toFixed(1)} ms`);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async publish(batch: PendingEvent[]): Promise<void> {
    const byWorkspace = new Map<string, PendingEvent[]>();
    for (const e of coalesce(batch)) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
    await Promise.all([...byWorkspace].map(([workspaceId, events]) => this.publishWorkspace(workspaceId, events)));
  }

  private async publishWorkspace(workspaceId: string, events: PendingEvent[]): Promise<void> {
    const conversationIds = new Set<string>();
    const messageIds = new Set<string>();
    const viewerReads: { viewerId: string; conversationId: string }[] = [];
    for (const e of events) {
      if (e.kind === 'conversation' && e.viewerId) viewerReads.push({ viewerId: e.viewerId, conversationId: e.conversationId });
      else if (e.kind !== 'ready') conversationIds.add(e.conversationId);
      if (e.kind === 'message' && !e.created) messageIds.add(e.messageId);
    }
    const clock = StageClock.start();
    const [rows, messages, viewerRows] = await Promise.all([
      this.queue.findByIds(workspaceId, [...conversationIds], null),
      this.thread.findMessages(workspaceId, [...messageIds]),
      Promise.all(viewerReads.map((r) => this.queue.findByIds(workspaceId, [r.conversationId], r.viewerId))),
    ]);
    clock?.lap('realtime.reread', conversationIds.size + messageIds.size + viewerReads.length);
    const conversations = new Map(rows.map((r) => [r.id, r]));
    const messagesById = new Map(messages.map((m) => [m.id, m]));
    const viewerRow = new Map(viewerReads.map((r, i) => [`${r.viewerId}:${r.conversationId}`, viewerRows[i][0]]));

    const out: StoredEvent[] = [];
    for (const e of events) {
      if (e.kind === 'ready') {
        out.push({ name: e.event.name, rooms: e.rooms, payload: e.event.payload as unknown as Record<string, unknown> });
      } else if (e.kind === 'conversation') {
        const row: ConversationRow | undefined = e.viewerId ? viewerRow.get(`${e.viewerId}:${e.conversationId}`) : conversations.get(e.conversationId);
        if (!row) continue;
        const payload: Unsequenced<ConversationEvent> = { workspaceId, conversation: toConversation(row) };
        const to = e.viewerId ? [rooms.user(e.viewerId)] : conversationRooms(toRouted(row), e.previous);
        out.push({ name: e.name, rooms: to, payload: payload as unknown as Record<string, unknown> });
      } else {
        const row = conversations.get(e.conversationId);
        const message = e.created ?? messagesById.get(e.messageId);
        if (!row || !message) continue;
        const payload: Unsequenced<MessageEvent> = { workspaceId, message: toMessage(message), conversation: toConversation(row) };
        out.push({ name: e.name, rooms: conversationRooms(toRouted(row)), payload: payload as unknown as Record<string, unknown> });
      }
    }
    if (!out.length) return;
    const seqs = await this.log.append(workspaceId, out);
    clock?.lap('realtime.append', out.length);
    this.lastSeq.set(workspaceId, Math.max(this.currentSeq(workspaceId), seqs[seqs.length - 1]));
    out.forEach((e, i) =>
      this.server.emit(e.rooms, { name: e.name as ServerEventName, payload: { ...e.payload, workspaceId, seq: seqs[i] } }),
    );
  }
}

const toRouted = (r: ConversationRow) => ({ id: r.id, workspaceId: r.workspace_id, teamId: r.team_id, assigneeId: r.assignee_id });

/**
 * Within one batch: a conversation updated several times goes out once (its latest state, with every
 * room that must hear it), and not at all when a message event of the batch already carries it.
 */
export function coalesce(batch: PendingEvent[]): PendingEvent[] {
  const withMessage = new Set(batch.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? e.conversationId : '')));
  const kept = new Map<string, Extract<PendingEvent, { kind: 'conversation' }>>();
  const out: PendingEvent[] = [];
  for (const e of batch) {
    if (e.kind !== 'conversation') {
      out.push(e);
      continue;
    }
    const key = `${e.viewerId ?? ''}:${e.conversationId}`;
    const first = kept.get(key);
    if (first) {
      if (e.name === 'conversation.created') first.name = e.name;
      first.previous = {
        teamIds: [...(first.previous?.teamIds ?? []), ...(e.previous?.teamIds ?? [])],
        userIds: [...(first.previous?.userIds ?? []), ...(e.previous?.userIds ?? [])],
      };
      continue;
    }
    const copy = { ...e };
    kept.set(key, copy);
    out.push(copy);
  }
  return out.filter(
    (e) =>
      e.kind !== 'conversation' ||
      e.viewerId !== undefined ||
      e.name === 'conversation.created' ||
      !withMessage.has(e.conversationId) ||
      (e.previous?.teamIds?.length ?? 0) + (e.previous?.userIds?.length ?? 0) > 0,
  );
}
