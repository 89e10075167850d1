import { conversation } from '../testing/fixtures';
import { compareConversations, countsDelta, matchesQuery, viewQuery } from './queue';

const viewer = { userId: 'me', teamIds: ['t1'] };

describe('queue membership and order', () => {
  it('builds each view from the filters, with view only for my_teams', () => {
    expect(viewQuery('mine', { status: 'open', platform: undefined })).toEqual({ status: 'open', assigneeId: 'me' });
    expect(viewQuery('unassigned', {})).toEqual({ assigneeId: 'none' });
    expect(viewQuery('my_teams', { kind: 'dm' })).toEqual({ kind: 'dm', view: 'my_teams' });
    expect(viewQuery('crisis', {})).toEqual({ crisis: true });
    expect(viewQuery('all', { q: '' })).toEqual({});
  });

  it('decides membership as the server filters do, and defers searches to the server', () => {
    const c = conversation({ assigneeId: 'me', teamId: 't1', labels: ['livraison'], platform: 'x', crisisId: null });
    expect(matchesQuery(c, { assigneeId: 'me', status: 'open' }, viewer)).toBe(true);
    expect(matchesQuery(c, { assigneeId: 'none' }, viewer)).toBe(false);
    expect(matchesQuery(c, { view: 'my_teams' }, viewer)).toBe(true);
    expect(matchesQuery({ ...c, teamId: 't2' }, { view: 'my_teams' }, viewer)).toBe(false);
    expect(matchesQuery(c, { label: 'livraison', platform: 'x' }, viewer)).toBe(true);
    expect(matchesQuery(c, { crisis: true }, viewer)).toBe(false);
    expect(matchesQuery(c, { status: 'resolved' }, viewer)).toBe(false);
    expect(matchesQuery(c, { q: 'commande' }, viewer)).toBeNull();
  });

  it('orders by priority then longest waiting, or by latest activity', () => {
    const a = conversation({ priority: 'high', waitingSince: '2026-11-25T10:00:00Z', lastActivityAt: '2026-11-25T10:00:00Z' });
    const b = conversation({ priority: 'urgent', waitingSince: '2026-11-25T11:00:00Z', lastActivityAt: '2026-11-25T09:00:00Z' });
    const c = conversation({ priority: 'high', waitingSince: '2026-11-25T09:00:00Z', lastActivityAt: '2026-11-25T12:00:00Z' });
    const d = conversation({ priority: 'high', waitingSince: null, lastActivityAt: '2026-11-25T08:00:00Z' });
    expect([a, b, c, d].sort(compareConversations('priority')).map((x) => x.id)).toEqual([b.id, c.id, a.id, d.id]);
    expect([a, b, c, d].sort(compareConversations('last_activity')).map((x) => x.id)).toEqual([c.id, a.id, b.id, d.id]);
  });

  it('computes the counts a change moves between views', () => {
    const before = conversation({ assigneeId: null, teamId: 't1' });
    expect(countsDelta(before, { ...before, assigneeId: 'me' }, viewer)).toEqual({ all: 0, unassigned: -1, my_teams: 0, mine: 1 });
    expect(countsDelta(before, { ...before, status: 'resolved' }, viewer)).toEqual({ all: -1, unassigned: -1, my_teams: -1 });
    expect(countsDelta(null, { ...before, crisisId: 'k1' }, viewer)).toEqual({ all: 1, unassigned: 1, my_teams: 1, crisis: 1 });
  });
});
