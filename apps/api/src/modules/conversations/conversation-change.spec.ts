import type { ConversationEntity } from './conversation.entity';
import { planConversationChange } from './conversation-change';

const now = new Date('2026-11-25T12:00:00Z');
const base = (over: Partial<ConversationEntity> = {}) =>
  ({
    status: 'open',
    priority: 'normal',
    teamId: null,
    assigneeId: null,
    labels: [],
    snoozedUntil: null,
    lastInboundAt: new Date('2026-11-25T11:00:00Z'),
    lastOutboundAt: null,
    ...over,
  }) as ConversationEntity;

describe('planConversationChange', () => {
  it('snoozedUntil alone snoozes; snoozing needs a future time', () => {
    const until = new Date('2026-11-26T08:00:00Z');
    expect(planConversationChange(base(), { snoozedUntil: until }, now).set).toEqual({ status: 'snoozed', snoozedUntil: until });
    expect(() => planConversationChange(base(), { status: 'snoozed' }, now)).toThrow('snoozedUntil is required');
    expect(() => planConversationChange(base(), { status: 'open', snoozedUntil: until }, now)).toThrow('only goes with status snoozed');
  });

  it('reopening a resolved conversation resumes the wait from an unanswered customer message', () => {
    const plan = planConversationChange(base({ status: 'resolved', resolvedAt: now }), { status: 'open' }, now);
    expect(plan.set).toEqual({ status: 'open', resolvedAt: null, waitingSince: new Date('2026-11-25T11:00:00Z') });
    const answered = base({ status: 'resolved', lastOutboundAt: new Date('2026-11-25T11:30:00Z') });
    expect(planConversationChange(answered, { status: 'open' }, now).set).toEqual({ status: 'open', resolvedAt: null });
  });

  it('priority keeps its sort rank in step', () => {
    expect(planConversationChange(base(), { priority: 'urgent' }, now).set).toEqual({ priority: 'urgent', priorityRank: 3 });
  });

  it('reports assignment and label differences', () => {
    const plan = planConversationChange(base({ assigneeId: 'u1', labels: ['a', 'b'] }), { assigneeId: null, labels: ['B', 'c'] }, now);
    expect(plan.assignment).toEqual({ from: 'u1', to: null });
    expect(plan.timeline).toEqual([
      { type: 'unassigned', data: { from: 'u1', to: null } },
      { type: 'labels.changed', data: { added: ['c'], removed: ['a'] } },
    ]);
  });
});
