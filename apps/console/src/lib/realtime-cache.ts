import {
  queryKeys,
  SERVER_EVENTS,
  type AssignmentChangedEvent,
  type ChannelUpdatedEvent,
  type Conversation,
  type ConversationCounts,
  type ConversationDetail,
  type ConversationEvent,
  type ConversationQuery,
  type CountsHint,
  type CrisisEvent,
  type CrisisIncidentSummary,
  type EventEnvelope,
  type Message,
  type MessageEvent,
  type NotificationEvent,
  type Page,
  type Presence,
  type PresenceChangedEvent,
  type ServerEventName,
  type TypingEvent,
  type ViewingEvent,
} from '@babillard/contracts';
import { notifyManager, type InfiniteData, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { env } from '../config/env';
import { compareConversations, countsDelta, matchesQuery, type Viewer } from './queue';

export type ConversationPages = InfiniteData<Page<Conversation>, string | null>;
export type MessagePages = InfiniteData<Page<Message>, string | null>;

/** Someone else's live activity on a conversation (collision warnings). */
export interface Activity {
  userId: string;
  userName: string;
  typing: boolean;
  mode?: 'reply' | 'note';
  viewing: boolean;
  expiresAt: number;
}

/** Caches fed by the socket, outside the `conversations` prefix (activity and presence have no endpoint to refetch). */
export const realtimeKeys = {
  activity: (workspaceId: string, conversationId: string) => ['realtime', workspaceId, 'activity', conversationId] as const,
  /** GET crises?status=open, kept current by crisis.opened / crisis.updated. */
  crisis: (workspaceId: string) => ['workspace', workspaceId, 'crises', 'open'] as const,
  presence: (workspaceId: string) => ['realtime', workspaceId, 'presence'] as const,
};

/** Events that change stored state: they carry a per-workspace sequence and are replayed after a reconnect. */
const DURABLE = new Set<ServerEventName>([
  SERVER_EVENTS.conversationCreated,
  SERVER_EVENTS.conversationUpdated,
  SERVER_EVENTS.messageCreated,
  SERVER_EVENTS.messageUpdated,
  SERVER_EVENTS.assignmentChanged,
  SERVER_EVENTS.crisisOpened,
  SERVER_EVENTS.crisisUpdated,
  SERVER_EVENTS.channelUpdated,
]);

export interface RealtimeCacheOptions {
  queryClient: QueryClient;
  /** The agent and their teams, read at each event (teams can change during the day). */
  viewer: () => Viewer | null;
  onNotification?: (e: NotificationEvent) => void;
  now?: () => number;
}

/** `staleConversation`: a later event about the same conversation was already applied (keep the message, not its conversation). */
type Queued = { name: ServerEventName; payload: EventEnvelope; staleConversation?: boolean };

/** How far back (in sequence numbers) applied events are remembered, per workspace. */
const SEQ_WINDOW = 5000;

/** What a durable event is about: its newer state wins over an older one arriving late. */
function subjects(name: ServerEventName, payload: EventEnvelope): { conversation?: string; message?: string; incident?: string } {
  const p = payload as Partial<ConversationEvent & MessageEvent & AssignmentChangedEvent & CrisisEvent>;
  switch (name) {
    case SERVER_EVENTS.conversationCreated:
    case SERVER_EVENTS.conversationUpdated:
      return { conversation: p.conversation?.id };
    case SERVER_EVENTS.assignmentChanged:
      return { conversation: p.conversationId };
    case SERVER_EVENTS.messageCreated:
    case SERVER_EVENTS.messageUpdated:
      return { message: p.message?.id, conversation: p.conversation?.id ?? p.message?.conversationId };
    case SERVER_EVENTS.crisisOpened:
    case SERVER_EVENTS.crisisUpdated:
      return { incident: p.incident?.id };
    default:
      return {};
  }
}

/**
 * Turns socket events into in-place cache patches. The query cache stays the single source of truth:
 * lists, counts, details and message threads are patched with setQueryData; what cannot be patched
 * (searches, counts whose previous state is unknown) is invalidated, at most once per
 * `invalidateEveryMs`, however many events arrive. Events are applied in batches so a burst renders once.
 */
export class RealtimeCache {
  private readonly qc: QueryClient;
  private readonly lastSeq = new Map<string, number>();
  /** Per workspace: sequences applied recently (duplicates from a replay overlap are skipped). */
  private readonly applied = new Map<string, Set<number>>();
  /** Per workspace and subject (`c:`, `m:`, `i:` + id): the sequence of the last event applied about it. */
  private readonly subjectSeq = new Map<string, Map<string, number>>();
  private queue: Queued[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pendingInvalidations = new Map<string, QueryKey>();
  private invalidateTimer: ReturnType<typeof setTimeout> | null = null;
  private lastInvalidation = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(private readonly opts: RealtimeCacheOptions) {
    this.qc = opts.queryClient;
    this.now = opts.now ?? Date.now;
  }

  /** Highest sequence applied per workspace (what `replay` asks from). */
  sequences(): ReadonlyMap<string, number> {
    return this.lastSeq;
  }

  receive(name: ServerEventName, payload: EventEnvelope): void {
    if (!payload || typeof payload.workspaceId !== 'string') return;
    let staleConversation = false;
    if (DURABLE.has(name) && typeof payload.seq === 'number' && payload.seq > 0) {
      const verdict = this.admit(name, payload);
      if (verdict === 'skip') return;
      staleConversation = verdict === 'stale-conversation';
    }
    this.queue.push({ name, payload, staleConversation });
    this.flushTimer ??= setTimeout(() => this.flush(), env.patchFlushMs);
  }

  /**
   * Sequences only grow within a workspace, but events about different conversations can arrive out
   * of order (the adapter fans them out concurrently). So an event is skipped when its sequence was
   * already applied (replay overlap, duplicate) or when a later event about the same subject was
   * applied (it would put back an older state); events about other subjects still apply.
   */
  private admit(name: ServerEventName, payload: EventEnvelope): 'apply' | 'skip' | 'stale-conversation' {
    const ws = payload.workspaceId;
    const seq = payload.seq;
    const last = this.lastSeq.get(ws) ?? 0;
    const applied = this.applied.get(ws) ?? new Set<number>();
    this.applied.set(ws, applied);
    if (applied.has(seq) || seq <= last - SEQ_WINDOW) return 'skip';
    const bySubject = this.subjectSeq.get(ws) ?? new Map<string, number>();
    this.subjectSeq.set(ws, bySubject);
    const s = subjects(name, payload);
    const newer = (key: string | undefined) => key !== undefined && (bySubject.get(key) ?? 0) > seq;
    const conversationKey = s.conversation && `c:${s.conversation}`;
    const messageKey = s.message && `m:${s.message}`;
    const incidentKey = s.incident && `i:${s.incident}`;
    // A message event brings the message and its conversation: a late one still adds the message.
    const primary = messageKey ?? incidentKey ?? conversationKey;
    if (newer(primary)) return 'skip';
    const staleConversation = messageKey !== undefined && newer(conversationKey);
    for (const key of [conversationKey, messageKey, incidentKey]) {
      if (key && !(key === conversationKey && staleConversation)) bySubject.set(key, seq);
    }
    applied.add(seq);
    if (seq > last) this.lastSeq.set(ws, seq);
    if (applied.size > 2 * SEQ_WINDOW) this.forgetBefore(ws, Math.max(seq, last) - SEQ_WINDOW);
    return staleConversation ? 'stale-conversation' : 'apply';
  }

  private forgetBefore(workspaceId: string, floor: number): void {
    const applied = this.applied.get(workspaceId);
    applied?.forEach((seq) => seq <= floor && applied.delete(seq));
    const bySubject = this.subjectSeq.get(workspaceId);
    bySubject?.forEach((seq, key) => seq <= floor && bySubject.delete(key));
  }

  /** Applies queued events now (tests and replays call it; the timer otherwise). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    notifyManager.batch(() => {
      for (const { name, payload, staleConversation } of batch) this.apply(name, payload, staleConversation);
    });
  }

  /** The server says everything up to `seq` was delivered (a complete replay): later replays start there. */
  advanceTo(workspaceId: string, seq: number): void {
    if (seq > (this.lastSeq.get(workspaceId) ?? 0)) this.lastSeq.set(workspaceId, seq);
  }

  /** After a reconnect whose replay could not cover the gap: refetch everything of the workspace. */
  invalidateWorkspace(workspaceId: string): void {
    this.scheduleInvalidate(queryKeys.conversations(workspaceId));
    this.scheduleInvalidate(realtimeKeys.crisis(workspaceId));
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.invalidateTimer) clearTimeout(this.invalidateTimer);
    this.flushTimer = this.invalidateTimer = null;
    this.queue = [];
  }

  // ---- application ------------------------------------------------------------

  private apply(name: ServerEventName, payload: EventEnvelope, staleConversation = false): void {
    switch (name) {
      case SERVER_EVENTS.conversationCreated:
      case SERVER_EVENTS.conversationUpdated: {
        const e = payload as ConversationEvent & CountsHint;
        this.upsertConversation(e.workspaceId, e.conversation, name === SERVER_EVENTS.conversationCreated, e.counts);
        return;
      }
      case SERVER_EVENTS.messageCreated:
      case SERVER_EVENTS.messageUpdated: {
        const e = payload as MessageEvent & CountsHint;
        this.upsertMessage(e.workspaceId, e.message);
        if (staleConversation) return;
        if (e.conversation) this.upsertConversation(e.workspaceId, e.conversation, false, e.counts, e.message);
        else if (name === SERVER_EVENTS.messageCreated) this.bumpFromMessage(e.workspaceId, e.message);
        return;
      }
      case SERVER_EVENTS.assignmentChanged: {
        const e = payload as AssignmentChangedEvent;
        const me = this.opts.viewer()?.userId;
        // Someone else gave me a conversation: alert me even if the server sends no notification for it.
        if (me && e.assigneeId === me && e.previousAssigneeId !== me && e.by !== me) {
          this.opts.onNotification?.({ workspaceId: e.workspaceId, seq: e.seq, userId: me, kind: 'assignment', conversationId: e.conversationId, text: '' });
        }
        const known = this.findConversation(e.workspaceId, e.conversationId);
        if (known) this.upsertConversation(e.workspaceId, { ...known, assigneeId: e.assigneeId, teamId: e.teamId }, false);
        else this.scheduleInvalidate(queryKeys.conversations(e.workspaceId));
        return;
      }
      case SERVER_EVENTS.typing:
      case SERVER_EVENTS.viewing:
        this.applyActivity(name, payload as TypingEvent | ViewingEvent);
        return;
      case SERVER_EVENTS.presenceChanged: {
        const e = payload as PresenceChangedEvent;
        // Only on top of a snapshot: a partial map would pass for the whole workspace's presence.
        this.qc.setQueryData<Record<string, Presence>>(realtimeKeys.presence(e.workspaceId), (old) => (old ? { ...old, [e.userId]: e.presence } : old));
        return;
      }
      case SERVER_EVENTS.crisisOpened:
      case SERVER_EVENTS.crisisUpdated: {
        const e = payload as CrisisEvent;
        this.qc.setQueryData<CrisisIncidentSummary[]>(realtimeKeys.crisis(e.workspaceId), (old = []) => [
          e.incident,
          ...old.filter((i) => i.id !== e.incident.id),
        ]);
        this.scheduleInvalidate(queryKeys.conversationCounts(e.workspaceId));
        return;
      }
      case SERVER_EVENTS.channelUpdated:
        this.scheduleInvalidate(queryKeys.channels((payload as ChannelUpdatedEvent).workspaceId));
        return;
      case SERVER_EVENTS.notification: {
        const e = payload as NotificationEvent;
        if (e.userId === this.opts.viewer()?.userId) this.opts.onNotification?.(e);
        return;
      }
    }
  }

  /** The cached state of a conversation, wherever it is (detail first: it is the freshest). */
  findConversation(workspaceId: string, id: string): Conversation | null {
    const detail = this.qc.getQueryData<ConversationDetail>(queryKeys.conversation(workspaceId, id));
    if (detail) return detail;
    for (const [, data] of this.qc.getQueriesData<ConversationPages>({ queryKey: listPrefix(workspaceId) })) {
      for (const page of data?.pages ?? []) {
        const found = page.items.find((c) => c.id === id);
        if (found) return found;
      }
    }
    return null;
  }

  private upsertConversation(
    workspaceId: string,
    incoming: Conversation,
    created: boolean,
    countsHint?: Partial<ConversationCounts>,
    inbound?: Message,
  ): void {
    const before = this.findConversation(workspaceId, incoming.id);
    // unreadCount is per agent; a broadcast cannot know it, so keep ours and count new inbound messages.
    const unread = before
      ? before.unreadCount + (inbound?.direction === 'inbound' && inbound.createdAt > (before.lastMessage?.createdAt ?? '') ? 1 : 0)
      : incoming.unreadCount;
    const after: Conversation = { ...incoming, unreadCount: unread };
    const viewer = this.opts.viewer();

    this.qc.setQueryData<ConversationDetail>(queryKeys.conversation(workspaceId, after.id), (old) =>
      old ? { ...old, ...after, post: old.post, identities: old.identities, otherConversations: old.otherConversations } : old,
    );

    for (const [key, data] of this.qc.getQueriesData<ConversationPages>({ queryKey: listPrefix(workspaceId) })) {
      if (!data) continue;
      const query = (key[4] ?? {}) as ConversationQuery;
      const match = viewer ? matchesQuery(after, query, viewer) : null;
      if (match === null) {
        const present = data.pages.some((p) => p.items.some((c) => c.id === after.id));
        // A search list: patch the row in place if it is there, and let the server decide membership.
        if (present) this.qc.setQueryData<ConversationPages>(key, replaceInPages(data, after));
        this.scheduleInvalidate(key);
        continue;
      }
      this.qc.setQueryData<ConversationPages>(key, placeInPages(data, after, match, query));
    }

    if (countsHint && Object.keys(countsHint).length) {
      this.qc.setQueryData<ConversationCounts>(queryKeys.conversationCounts(workspaceId), (old) => (old ? { ...old, ...countsHint } : old));
    } else if (viewer && (before || created)) {
      const delta = countsDelta(before, after, viewer);
      this.qc.setQueryData<ConversationCounts>(queryKeys.conversationCounts(workspaceId), (old) => {
        if (!old) return old;
        const next = { ...old };
        for (const [k, d] of Object.entries(delta) as [keyof ConversationCounts, number][]) next[k] = Math.max(0, next[k] + d);
        return next;
      });
    } else {
      this.scheduleInvalidate(queryKeys.conversationCounts(workspaceId));
    }
  }

  private bumpFromMessage(workspaceId: string, message: Message): void {
    const known = this.findConversation(workspaceId, message.conversationId);
    if (!known) return;
    if (message.direction === 'note') return;
    const excerpt = { text: message.text, direction: message.direction, createdAt: message.createdAt };
    this.upsertConversation(
      workspaceId,
      {
        ...known,
        lastMessage: excerpt,
        lastActivityAt: message.createdAt,
        waitingSince: message.direction === 'inbound' ? (known.waitingSince ?? message.createdAt) : null,
      },
      false,
      undefined,
      message,
    );
  }

  private upsertMessage(workspaceId: string, message: Message): void {
    this.qc.setQueryData<MessagePages>(queryKeys.messages(workspaceId, message.conversationId), (old) => (old ? upsertMessageInPages(old, message) : old));
  }

  private applyActivity(name: ServerEventName, e: TypingEvent | ViewingEvent): void {
    if (e.userId === this.opts.viewer()?.userId) return;
    const key = realtimeKeys.activity(e.workspaceId, e.conversationId);
    const now = this.now();
    this.qc.setQueryData<Activity[]>(key, (old = []) => {
      const live = old.filter((a) => a.expiresAt > now);
      const current = live.find((a) => a.userId === e.userId) ?? { userId: e.userId, userName: e.userName, typing: false, viewing: false, expiresAt: 0 };
      const next: Activity =
        name === SERVER_EVENTS.typing
          ? { ...current, userName: e.userName, typing: (e as TypingEvent).typing, mode: (e as TypingEvent).mode ?? current.mode, expiresAt: now + env.presenceTtlMs }
          : { ...current, userName: e.userName, viewing: (e as ViewingEvent).viewing, expiresAt: now + env.presenceTtlMs };
      const others = live.filter((a) => a.userId !== e.userId);
      return next.typing || next.viewing ? [...others, next] : others;
    });
  }

  // ---- coalesced invalidation ----------------------------------------------------

  private scheduleInvalidate(key: QueryKey): void {
    this.pendingInvalidations.set(JSON.stringify(key), key);
    if (this.invalidateTimer) return;
    const wait = Math.max(0, this.lastInvalidation + env.invalidateEveryMs - this.now());
    this.invalidateTimer = setTimeout(() => this.runInvalidations(), Math.max(wait, env.patchFlushMs));
  }

  private runInvalidations(): void {
    this.invalidateTimer = null;
    this.lastInvalidation = this.now();
    const keys = [...this.pendingInvalidations.values()];
    this.pendingInvalidations.clear();
    // A prefix already scheduled covers its children.
    const covered = (k: QueryKey) => keys.some((p) => p !== k && p.length < k.length && p.every((part, i) => JSON.stringify(part) === JSON.stringify(k[i])));
    for (const key of keys) if (!covered(key)) void this.qc.invalidateQueries({ queryKey: key });
  }
}

const listPrefix = (workspaceId: string) => [...queryKeys.conversations(workspaceId), 'list'] as const;

function replaceInPages(data: ConversationPages, c: Conversation): ConversationPages {
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === c.id ? c : x)) })) };
}

/** Removes the conversation, then (when it belongs) puts it where the server's order would. */
export function placeInPages(data: ConversationPages, c: Conversation, belongs: boolean, query: ConversationQuery): ConversationPages {
  const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((x) => x.id !== c.id) }));
  if (!belongs) return { ...data, pages };
  const cmp = compareConversations(query.sort);
  for (let i = 0; i < pages.length; i++) {
    const items = pages[i].items;
    const at = items.findIndex((x) => cmp(c, x) < 0);
    const last = i === pages.length - 1;
    if (at >= 0 || (last && !pages[i].nextCursor)) {
      const index = at >= 0 ? at : items.length;
      pages[i] = { ...pages[i], items: [...items.slice(0, index), c, ...items.slice(index)] };
      return { ...data, pages };
    }
  }
  // It sorts after everything loaded and more pages remain: it will arrive with them.
  return { ...data, pages };
}

export function upsertMessageInPages(data: MessagePages, m: Message): MessagePages {
  let found = false;
  const pages = data.pages.map((p) => ({
    ...p,
    items: p.items.map((x) => {
      if (x.id !== m.id) return x;
      found = true;
      return mergeMessage(x, m);
    }),
  }));
  if (found || !pages.length) return { ...data, pages };
  pages[0] = { ...pages[0], items: [...pages[0].items, m] };
  return { ...data, pages };
}

const DELIVERY_ORDER = ['pending', 'sent', 'delivered', 'read'];

/** A delivery state never moves backwards (except to failed): a late `sent` must not undo `read`. */
function mergeMessage(old: Message, next: Message): Message {
  const o = DELIVERY_ORDER.indexOf(old.deliveryStatus ?? '');
  const n = DELIVERY_ORDER.indexOf(next.deliveryStatus ?? '');
  if (o > n && n >= 0) return { ...next, deliveryStatus: old.deliveryStatus };
  return next;
}
