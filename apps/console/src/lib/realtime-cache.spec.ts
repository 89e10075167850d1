import { queryKeys, type ConversationCounts, type ConversationDetail, type ConversationQuery, type Message } from '@babillard/contracts';
import { QueryClient } from '@tanstack/react-query';
import { conversation, detail, message, ME, page, WS } from '../testing/fixtures';
import { viewQuery } from './queue';
import { RealtimeCache, realtimeKeys, type Activity, type ConversationPages, type MessagePages } from './realtime-cache';
import { catchUp, takeBaseline, type ConsoleSocket } from './socket';

const viewer = { userId: ME, teamIds: ['team-1'] };
const unassignedQ = viewQuery('unassigned', { status: 'open' });
const mineQ = viewQuery('mine', { status: 'open' });
const searchQ: ConversationQuery = { q: 'remboursement' };

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const notified: unknown[] = [];
  const cache = new RealtimeCache({ queryClient: qc, viewer: () => viewer, onNotification: (e) => notified.push(e) });
  const counts: ConversationCounts = { mine: 0, unassigned: 2, my_teams: 2, all: 2, crisis: 0 };
  qc.setQueryData(queryKeys.conversationCounts(WS), counts);
  return { qc, cache, notified };
}

const ids = (qc: QueryClient, q: ConversationQuery) =>
  qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, q))?.pages.flatMap((p) => p.items.map((c) => c.id));
const counts = (qc: QueryClient) => qc.getQueryData<ConversationCounts>(queryKeys.conversationCounts(WS));

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('RealtimeCache: conversations', () => {
  it('puts a created conversation in its place in the lists it belongs to, and counts it', () => {
    const { qc, cache } = setup();
    const urgentOld = conversation({ priority: 'urgent', waitingSince: '2026-11-25T10:00:00Z' });
    const normal = conversation({ priority: 'normal' });
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([urgentOld, normal]));
    qc.setQueryData(queryKeys.conversationList(WS, mineQ), page([]));

    const high = conversation({ priority: 'high' });
    cache.receive('conversation.created', { workspaceId: WS, seq: 1, conversation: high } as never);
    cache.flush();

    expect(ids(qc, unassignedQ)).toEqual([urgentOld.id, high.id, normal.id]);
    expect(ids(qc, mineQ)).toEqual([]);
    expect(counts(qc)).toEqual({ mine: 0, unassigned: 3, my_teams: 3, all: 3, crisis: 0 });
  });

  it('moves an updated conversation between views, patches the detail and adjusts counts', () => {
    const { qc, cache } = setup();
    const c = conversation();
    const post = { id: 'p1', externalId: 'x', text: 'Le post', permalink: null };
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    qc.setQueryData(queryKeys.conversationList(WS, mineQ), page([]));
    qc.setQueryData(queryKeys.conversation(WS, c.id), detail(c, { post }));

    cache.receive('conversation.updated', { workspaceId: WS, seq: 1, conversation: { ...c, assigneeId: ME, status: 'open' } } as never);
    cache.flush();

    expect(ids(qc, unassignedQ)).toEqual([]);
    expect(ids(qc, mineQ)).toEqual([c.id]);
    const d = qc.getQueryData<ConversationDetail>(queryKeys.conversation(WS, c.id));
    expect(d?.assigneeId).toBe(ME);
    expect(d?.post).toEqual(post); // detail-only fields survive the patch
    expect(counts(qc)).toMatchObject({ mine: 1, unassigned: 1, all: 2 });
  });

  it('drops a resolved conversation from an open-status list and from the counts', () => {
    const { qc, cache } = setup();
    const c = conversation();
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    cache.receive('conversation.updated', { workspaceId: WS, seq: 1, conversation: { ...c, status: 'resolved' } } as never);
    cache.flush();
    expect(ids(qc, unassignedQ)).toEqual([]);
    expect(counts(qc)).toMatchObject({ unassigned: 1, all: 1, my_teams: 1 });
  });

  it('ignores events whose sequence was already applied', () => {
    const { qc, cache } = setup();
    const c = conversation({ priority: 'low' });
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    cache.receive('conversation.updated', { workspaceId: WS, seq: 5, conversation: { ...c, priority: 'urgent' } } as never);
    cache.receive('conversation.updated', { workspaceId: WS, seq: 4, conversation: { ...c, priority: 'low' } } as never);
    cache.receive('conversation.updated', { workspaceId: WS, seq: 5, conversation: { ...c, priority: 'low' } } as never);
    cache.flush();
    const row = qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, unassignedQ))?.pages[0].items[0];
    expect(row?.priority).toBe('urgent');
    expect(cache.sequences().get(WS)).toBe(5);
  });

  it('applies events about different conversations that arrive out of sequence order', () => {
    const { qc, cache } = setup();
    const [a, b, c] = [conversation({ priority: 'low' }), conversation({ priority: 'low' }), conversation({ priority: 'low' })];
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([a, b, c]));
    // One bulk change fanned out concurrently: 14 arrives before 13.
    cache.receive('conversation.updated', { workspaceId: WS, seq: 14, conversation: { ...a, priority: 'urgent' } } as never);
    cache.receive('conversation.updated', { workspaceId: WS, seq: 13, conversation: { ...c, priority: 'urgent' } } as never);
    cache.receive('conversation.updated', { workspaceId: WS, seq: 15, conversation: { ...b, priority: 'urgent' } } as never);
    cache.receive('conversation.updated', { workspaceId: WS, seq: 13, conversation: { ...c, priority: 'low' } } as never); // a duplicate
    cache.flush();
    const rows = qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, unassignedQ))!.pages[0].items;
    expect(rows.map((r) => r.priority)).toEqual(['urgent', 'urgent', 'urgent']);
    expect(cache.sequences().get(WS)).toBe(15);
  });

  it('keeps a late message but not the older conversation state it carries', () => {
    const { qc, cache } = setup();
    const c = conversation({ priority: 'low' });
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    qc.setQueryData(queryKeys.messages(WS, c.id), page([]));
    cache.receive('conversation.updated', { workspaceId: WS, seq: 21, conversation: { ...c, priority: 'urgent' } } as never);
    const m = message({ conversationId: c.id, text: 'Toujours rien reçu' });
    cache.receive('message.created', { workspaceId: WS, seq: 20, message: m, conversation: { ...c, priority: 'low' } } as never);
    cache.flush();
    expect(qc.getQueryData<MessagePages>(queryKeys.messages(WS, c.id))!.pages[0].items.map((x) => x.text)).toEqual(['Toujours rien reçu']);
    expect(qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, unassignedQ))!.pages[0].items[0].priority).toBe('urgent');
  });

  it('does not insert a row that sorts after the loaded pages while more pages remain', () => {
    const { qc, cache } = setup();
    const a = conversation({ priority: 'urgent' });
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([a], 'next-cursor'));
    cache.receive('conversation.created', { workspaceId: WS, seq: 1, conversation: conversation({ priority: 'low' }) } as never);
    cache.flush();
    expect(ids(qc, unassignedQ)).toEqual([a.id]);
  });

  it('patches an assignment in place when the conversation is known', () => {
    const { qc, cache } = setup();
    const c = conversation();
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    qc.setQueryData(queryKeys.conversationList(WS, mineQ), page([]));
    cache.receive('assignment.changed', { workspaceId: WS, seq: 1, conversationId: c.id, assigneeId: ME, previousAssigneeId: null, teamId: 'team-1', by: null } as never);
    cache.flush();
    expect(ids(qc, mineQ)).toEqual([c.id]);
    expect(ids(qc, unassignedQ)).toEqual([]);
  });
});

describe('RealtimeCache: messages', () => {
  it('appends a new message to the thread and updates the row (excerpt, unread)', () => {
    const { qc, cache } = setup();
    const c = conversation({ unreadCount: 0, lastMessage: { text: 'vieux', direction: 'inbound', createdAt: '2026-11-25T11:00:00Z' } });
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([c]));
    qc.setQueryData(queryKeys.messages(WS, c.id), page<Message>([]));
    const m = message({ conversationId: c.id, text: 'Nouveau!', createdAt: '2026-11-25T12:30:00Z' });
    const after = { ...c, lastMessage: { text: m.text, direction: 'inbound' as const, createdAt: m.createdAt }, unreadCount: 99 };
    cache.receive('message.created', { workspaceId: WS, seq: 1, message: m, conversation: after } as never);
    cache.flush();

    expect(qc.getQueryData<MessagePages>(queryKeys.messages(WS, c.id))?.pages[0].items.map((x) => x.id)).toEqual([m.id]);
    const row = qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, unassignedQ))?.pages[0].items[0];
    expect(row?.lastMessage?.text).toBe('Nouveau!');
    expect(row?.unreadCount).toBe(1); // ours, not the broadcast's
  });

  it('updates the delivery state and never moves it backwards', () => {
    const { qc, cache } = setup();
    const m = message({ direction: 'outbound', deliveryStatus: 'pending', conversationId: 'c-x' });
    qc.setQueryData(queryKeys.messages(WS, 'c-x'), page([m]));
    const state = () => qc.getQueryData<MessagePages>(queryKeys.messages(WS, 'c-x'))?.pages[0].items[0];

    cache.receive('message.updated', { workspaceId: WS, seq: 1, message: { ...m, deliveryStatus: 'read' } } as never);
    cache.receive('message.updated', { workspaceId: WS, seq: 2, message: { ...m, deliveryStatus: 'sent' } } as never);
    cache.flush();
    expect(state()?.deliveryStatus).toBe('read');

    cache.receive('message.updated', { workspaceId: WS, seq: 3, message: { ...m, deliveryStatus: 'failed', error: 'Token expired' } } as never);
    cache.flush();
    expect(state()).toMatchObject({ deliveryStatus: 'failed', error: 'Token expired' });
  });
});

describe('RealtimeCache: bursts', () => {
  it('applies a burst of events in one batch after the flush delay', () => {
    const { qc, cache } = setup();
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([]));
    const listener = jest.fn();
    const unsubscribe = qc.getQueryCache().subscribe(listener);
    for (let i = 1; i <= 200; i++) cache.receive('conversation.created', { workspaceId: WS, seq: i, conversation: conversation() } as never);
    expect(ids(qc, unassignedQ)).toEqual([]); // nothing applied synchronously
    jest.advanceTimersByTime(60);
    expect(ids(qc, unassignedQ)).toHaveLength(200);
    unsubscribe();
  });

  it('refetches what it cannot patch at most about once per second during a 1,000 events/s burst', () => {
    const { qc, cache } = setup();
    qc.setQueryData(queryKeys.conversationList(WS, searchQ), page([]));
    const invalidate = jest.spyOn(qc, 'invalidateQueries').mockResolvedValue(undefined);
    for (let i = 1; i <= 3000; i++) {
      cache.receive('conversation.created', { workspaceId: WS, seq: i, conversation: conversation() } as never);
      jest.advanceTimersByTime(1); // 1,000 events per second for 3 s
    }
    jest.advanceTimersByTime(1100);
    const searchRefetches = invalidate.mock.calls.filter(([f]) => JSON.stringify(f?.queryKey).includes('remboursement'));
    expect(searchRefetches.length).toBeGreaterThanOrEqual(3);
    expect(searchRefetches.length).toBeLessThanOrEqual(4);
  });

  it('uses a counts hint from the event instead of refetching', () => {
    const { qc, cache } = setup();
    const invalidate = jest.spyOn(qc, 'invalidateQueries');
    cache.receive('conversation.updated', { workspaceId: WS, seq: 1, conversation: conversation(), counts: { all: 42 } } as never);
    cache.flush();
    jest.advanceTimersByTime(2000);
    expect(counts(qc)?.all).toBe(42);
    expect(invalidate).not.toHaveBeenCalled();
  });

  it('refetches the counts (once) when an update concerns a conversation it has never seen', () => {
    const { qc, cache } = setup();
    const invalidate = jest.spyOn(qc, 'invalidateQueries').mockResolvedValue(undefined);
    for (let i = 1; i <= 50; i++) cache.receive('conversation.updated', { workspaceId: WS, seq: i, conversation: conversation() } as never);
    jest.advanceTimersByTime(1500);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queryKeys.conversationCounts(WS) });
  });
});

describe('RealtimeCache: presence, typing, notifications', () => {
  it('records a colleague typing, ignores my own signals, and clears on stop', () => {
    const { qc, cache } = setup();
    const key = realtimeKeys.activity(WS, 'c-9');
    cache.receive('typing', { workspaceId: WS, seq: 0, conversationId: 'c-9', userId: 'marie', userName: 'Marie', typing: true, mode: 'reply' } as never);
    cache.receive('typing', { workspaceId: WS, seq: 0, conversationId: 'c-9', userId: ME, userName: 'Moi', typing: true } as never);
    cache.flush();
    expect(qc.getQueryData<Activity[]>(key)?.map((a) => [a.userName, a.typing])).toEqual([['Marie', true]]);
    cache.receive('typing', { workspaceId: WS, seq: 0, conversationId: 'c-9', userId: 'marie', userName: 'Marie', typing: false } as never);
    cache.flush();
    expect(qc.getQueryData<Activity[]>(key)).toEqual([]);
  });

  it('keeps the presence snapshot current, but never invents one from a single change', () => {
    const { qc, cache } = setup();
    const key = realtimeKeys.presence(WS);
    cache.receive('presence.changed', { workspaceId: WS, seq: 0, userId: 'marie', presence: 'online' } as never);
    cache.flush();
    expect(qc.getQueryData(key)).toBeUndefined();
    qc.setQueryData(key, { marie: 'offline', jordan: 'online' });
    cache.receive('presence.changed', { workspaceId: WS, seq: 0, userId: 'marie', presence: 'online' } as never);
    cache.receive('presence.changed', { workspaceId: WS, seq: 0, userId: 'jordan', presence: 'offline' } as never);
    cache.flush();
    expect(qc.getQueryData(key)).toEqual({ marie: 'online', jordan: 'offline' });
  });

  it('passes on notifications addressed to me only', () => {
    const { cache, notified } = setup();
    cache.receive('notification', { workspaceId: WS, seq: 0, userId: 'someone', kind: 'mention', conversationId: null, text: 'x' } as never);
    cache.receive('notification', { workspaceId: WS, seq: 0, userId: ME, kind: 'assignment', conversationId: 'c-1', text: 'à vous' } as never);
    cache.flush();
    expect(notified).toEqual([expect.objectContaining({ userId: ME, kind: 'assignment' })]);
  });
});

describe('catch-up after a reconnect', () => {
  function fakeSocket(answer: (payload: { workspaceId: string; since: number }) => unknown) {
    const emitted: unknown[] = [];
    const socket = {
      timeout: () => ({
        emit: (_name: string, payload: { workspaceId: string; since: number }, ack: (err: Error | null, res?: unknown) => void) => {
          emitted.push(payload);
          const res = answer(payload);
          ack(res ? null : new Error('timeout'), res);
        },
      }),
    } as unknown as ConsoleSocket;
    return { socket, emitted };
  }

  it('learns the latest sequence at the first connection, so a reconnect replays instead of refetching', () => {
    const { qc, cache } = setup();
    const invalidate = jest.spyOn(qc, 'invalidateQueries');
    const { socket, emitted } = fakeSocket(() => ({ complete: false, events: [], seq: 41 }));
    takeBaseline(socket, cache, [WS]);
    expect(emitted).toEqual([{ workspaceId: WS, since: 2 ** 31 - 1 }]);
    expect(cache.sequences().get(WS)).toBe(41);
    const missed = conversation();
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([]));
    const again = fakeSocket(() => ({ complete: true, events: [{ name: 'conversation.created', payload: { workspaceId: WS, seq: 42, conversation: missed } }], seq: 42 }));
    catchUp(again.socket, cache, [WS]);
    expect(again.emitted).toEqual([{ workspaceId: WS, since: 41 }]);
    expect(ids(qc, unassignedQ)).toEqual([missed.id]);
    jest.runOnlyPendingTimers();
    expect(invalidate).not.toHaveBeenCalledWith({ queryKey: queryKeys.conversations(WS) });
  });

  it('asks for events since the last sequence and applies them', () => {
    const { qc, cache } = setup();
    qc.setQueryData(queryKeys.conversationList(WS, unassignedQ), page([]));
    cache.receive('conversation.created', { workspaceId: WS, seq: 7, conversation: conversation() } as never);
    cache.flush();
    const missed = conversation();
    const { socket, emitted } = fakeSocket(() => ({ complete: true, events: [{ name: 'conversation.created', payload: { workspaceId: WS, seq: 8, conversation: missed } }] }));
    const invalidate = jest.spyOn(qc, 'invalidateQueries');
    catchUp(socket, cache, [WS]);
    expect(emitted).toEqual([{ workspaceId: WS, since: 7 }]);
    expect(ids(qc, unassignedQ)).toContain(missed.id);
    expect(cache.sequences().get(WS)).toBe(8);
    jest.advanceTimersByTime(2000);
    expect(invalidate).not.toHaveBeenCalledWith({ queryKey: queryKeys.conversations(WS) });
  });

  it('falls back to refetching the workspace when the replay is incomplete', () => {
    const { qc, cache } = setup();
    cache.receive('conversation.created', { workspaceId: WS, seq: 3, conversation: conversation() } as never);
    cache.flush();
    const invalidate = jest.spyOn(qc, 'invalidateQueries').mockResolvedValue(undefined);
    catchUp(fakeSocket(() => ({ complete: false, events: [] })).socket, cache, [WS]);
    jest.advanceTimersByTime(2000);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: queryKeys.conversations(WS) });
  });
});

describe('RealtimeCache: assignment alerts', () => {
  it('alerts me when a colleague assigns me a conversation, not when I take it myself', () => {
    const { cache, notified } = setup();
    cache.receive('assignment.changed', { workspaceId: WS, seq: 1, conversationId: 'c-a', assigneeId: ME, previousAssigneeId: null, teamId: null, by: 'lea' } as never);
    cache.receive('assignment.changed', { workspaceId: WS, seq: 2, conversationId: 'c-b', assigneeId: ME, previousAssigneeId: null, teamId: null, by: ME } as never);
    cache.receive('assignment.changed', { workspaceId: WS, seq: 3, conversationId: 'c-c', assigneeId: 'marie', previousAssigneeId: null, teamId: null, by: 'lea' } as never);
    cache.flush();
    expect(notified).toEqual([expect.objectContaining({ kind: 'assignment', conversationId: 'c-a', userId: ME })]);
  });
});
