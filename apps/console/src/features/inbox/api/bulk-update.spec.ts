import { queryKeys } from '@babillard/contracts';
import { QueryClient } from '@tanstack/react-query';
import type { ConversationPages } from '../../../lib/realtime-cache';
import { viewQuery } from '../../../lib/queue';
import { conversation, ME, page, WS } from '../../../testing/fixtures';
import { applyUpdatedConversations, BULK_MAX_IDS, planBulkRequests } from './bulk-update';

describe('planBulkRequests', () => {
  it('sends a field change for every selected id, in requests of at most 500 ids', () => {
    const many = Array.from({ length: 1203 }, () => conversation());
    const requests = planBulkRequests(many, { set: { priority: 'high' } });
    expect(requests.map((r) => r.ids.length)).toEqual([BULK_MAX_IDS, BULK_MAX_IDS, 203]);
    expect(requests.every((r) => r.priority === 'high')).toBe(true);
    expect(requests.flatMap((r) => r.ids)).toEqual(many.map((c) => c.id));
  });

  it('adds a label by groups of conversations ending with the same labels, skipping those that have it', () => {
    const a = conversation({ labels: [] });
    const b = conversation({ labels: ['vip'] });
    const c = conversation({ labels: ['livraison'] });
    const d = conversation({ labels: [] });
    expect(planBulkRequests([a, b, c, d], { addLabel: '  VIP ' })).toEqual([
      { labels: ['vip'], ids: [a.id, d.id] },
      { labels: ['livraison', 'vip'], ids: [c.id] },
    ]);
  });

  it('removes a label only where it is, keeping the others', () => {
    const a = conversation({ labels: ['vip', 'livraison'] });
    const b = conversation({ labels: ['livraison'] });
    const c = conversation({ labels: ['vip'] });
    expect(planBulkRequests([a, b, c], { removeLabel: 'vip' })).toEqual([
      { labels: ['livraison'], ids: [a.id] },
      { labels: [], ids: [c.id] },
    ]);
    expect(planBulkRequests([a], { addLabel: '   ' })).toEqual([]);
  });
});

describe('applyUpdatedConversations', () => {
  it('moves updated conversations between the cached views, and patches searches in place', () => {
    const qc = new QueryClient();
    const viewer = { userId: ME, teamIds: [] };
    const unassigned = viewQuery('unassigned', { status: 'open' });
    const mine = viewQuery('mine', { status: 'open' });
    const search = { q: 'colis' };
    const x = conversation();
    const y = conversation();
    qc.setQueryData(queryKeys.conversationList(WS, unassigned), page([x, y]));
    qc.setQueryData(queryKeys.conversationList(WS, mine), page([]));
    qc.setQueryData(queryKeys.conversationList(WS, search), page([x]));
    const assigned = { ...x, assigneeId: ME };
    applyUpdatedConversations(qc, WS, [assigned], viewer);
    const ids = (q: object) => qc.getQueryData<ConversationPages>(queryKeys.conversationList(WS, q))!.pages[0].items;
    expect(ids(unassigned).map((c) => c.id)).toEqual([y.id]);
    expect(ids(mine)).toEqual([assigned]);
    expect(ids(search)).toEqual([assigned]);
  });
});
