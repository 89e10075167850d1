import { coalesce, type PendingEvent } from './realtime-publisher';

const updated = (conversationId: string, previousTeam?: string): PendingEvent => ({
  kind: 'conversation',
  name: 'conversation.updated',
  workspaceId: 'w',
  conversationId,
  previous: { teamIds: previousTeam ? [previousTeam] : [], userIds: [] },
});

describe('coalesce', () => {
  it('sends one update per conversation per batch, keeping every previous room', () => {
    const out = coalesce([updated('c1'), updated('c2'), updated('c1', 't-old')]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ conversationId: 'c1', previous: { teamIds: ['t-old'] } });
  });

  it('drops an update a message event of the same batch already carries, unless rooms must hear it left', () => {
    const message: PendingEvent = { kind: 'message', name: 'message.created', workspaceId: 'w', conversationId: 'c1', messageId: 'm1' };
    expect(coalesce([updated('c1'), message])).toEqual([message]);
    expect(coalesce([updated('c1', 't-old'), message])).toHaveLength(2);
  });

  it('keeps created over updated for the same conversation, and per-user read updates apart', () => {
    const created: PendingEvent = { kind: 'conversation', name: 'conversation.created', workspaceId: 'w', conversationId: 'c1' };
    const read: PendingEvent = { kind: 'conversation', name: 'conversation.updated', workspaceId: 'w', conversationId: 'c1', viewerId: 'u1' };
    const out = coalesce([updated('c1'), created, read]);
    expect(out.map((e) => (e.kind === 'conversation' ? [e.name, e.viewerId ?? null] : null))).toEqual([
      ['conversation.created', null],
      ['conversation.updated', 'u1'],
    ]);
  });
});
