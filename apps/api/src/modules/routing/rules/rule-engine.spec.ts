import type { RoutingRuleConditions } from '@babillard/contracts';
import { analyzeMessage } from '../detection/analyze';
import { matchConditions, runRules, type RuleContext, type RuleDefinition } from './rule-engine';

function ctx(text: string, over: Partial<RuleContext> = {}): RuleContext {
  const author = { followers: over.followers ?? 100, verified: over.verified ?? false };
  return {
    platform: 'facebook',
    kind: 'comment',
    channelId: 'c1',
    text,
    analysis: analyzeMessage({ text, author, highReachFollowers: 10_000 }),
    followers: author.followers,
    verified: author.verified,
    vip: false,
    // A Wednesday, 14:30 in Montréal.
    at: new Date('2026-11-25T19:30:00Z'),
    timezone: 'America/Toronto',
    ...over,
  };
}

const matches = (c: RoutingRuleConditions, context: RuleContext) => matchConditions(c, context).matched;

describe('rule conditions', () => {
  const c = ctx('Ma commande est pas arrivée, chu pas content');

  it('platform, kind and channel', () => {
    expect(matches({ platforms: ['facebook', 'x'] }, c)).toBe(true);
    expect(matches({ platforms: ['instagram'] }, c)).toBe(false);
    expect(matches({ kinds: ['comment'] }, c)).toBe(true);
    expect(matches({ kinds: ['dm', 'mention'] }, c)).toBe(false);
    expect(matches({ channelIds: ['c1'] }, c)).toBe(true);
    expect(matches({ channelIds: ['c2'] }, c)).toBe(false);
    expect(matches({ channelIds: ['c1'] }, { ...c, channelId: null })).toBe(false);
  });

  it('text: any, all and none, accent- and case-insensitive, on whole words', () => {
    expect(matches({ text: { any: ['ARRIVEE'] } }, c)).toBe(true);
    expect(matches({ text: { any: ['commande est pas'] } }, c)).toBe(true);
    expect(matches({ text: { any: ['command'] } }, c)).toBe(false);
    expect(matches({ text: { all: ['commande', 'content'] } }, c)).toBe(true);
    expect(matches({ text: { all: ['commande', 'facture'] } }, c)).toBe(false);
    expect(matches({ text: { none: ['facture'] } }, c)).toBe(true);
    expect(matches({ text: { none: ['Commande'] } }, c)).toBe(false);
    expect(matches({ text: { any: ['order'] } }, ctx('Where is my ORDER?'))).toBe(true);
  });

  it('detected language, intent and sentiment', () => {
    expect(matches({ languages: ['fr'] }, c)).toBe(true);
    expect(matches({ languages: ['en'] }, c)).toBe(false);
    expect(matches({ intents: ['after_sales'] }, c)).toBe(true);
    expect(matches({ intents: ['praise', 'question'] }, c)).toBe(false);
    expect(matches({ sentiments: ['negative'] }, c)).toBe(true);
    expect(matches({ sentiments: ['positive'] }, c)).toBe(false);
  });

  it('crisis signals', () => {
    const crisis = ctx('Mon fils a fini à l’hôpital après une intoxication');
    expect(matches({ crisisSignals: ['safety'] }, crisis)).toBe(true);
    expect(matches({ crisisSignals: ['safety'] }, c)).toBe(false);
  });

  it('followers, verified and VIP', () => {
    expect(matches({ minFollowers: 100 }, c)).toBe(true);
    expect(matches({ minFollowers: 101 }, c)).toBe(false);
    expect(matches({ maxFollowers: 100 }, c)).toBe(true);
    expect(matches({ maxFollowers: 99 }, c)).toBe(false);
    expect(matches({ verified: true }, ctx('allo', { verified: true }))).toBe(true);
    expect(matches({ verified: true }, c)).toBe(false);
    expect(matches({ verified: false }, c)).toBe(true);
    expect(matches({ vip: true }, { ...c, vip: true })).toBe(true);
    expect(matches({ vip: true }, c)).toBe(false);
  });

  it('time of day and business hours in the workspace time zone', () => {
    expect(matches({ schedule: { from: '09:00', to: '17:00' } }, c)).toBe(true);
    expect(matches({ schedule: { from: '09:00', to: '14:00' } }, c)).toBe(false);
    expect(matches({ schedule: { from: '09:00', to: '17:00', outside: true } }, c)).toBe(false);
    expect(matches({ schedule: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' } }, c)).toBe(true);
    expect(matches({ schedule: { days: [0, 6], from: '00:00', to: '23:59' } }, c)).toBe(false);
    // Overnight window: 22:00–06:00 Montréal is 03:00–11:00 UTC.
    expect(matches({ schedule: { from: '22:00', to: '06:00' } }, { ...c, at: new Date('2026-11-25T05:00:00Z') })).toBe(true);
    expect(matches({ schedule: { from: '22:00', to: '06:00' } }, c)).toBe(false);
    expect(matches({ schedule: { from: '09:00', to: '17:00' } }, { ...c, timezone: 'Europe/Paris' })).toBe(false);
  });

  it('explains why a rule matched', () => {
    const { why } = matchConditions({ intents: ['after_sales'], text: { any: ['commande'] } }, c);
    expect(why).toEqual(['text contains "commande"', 'intent is after_sales']);
  });
});

describe('runRules', () => {
  const rule = (id: string, over: Partial<RuleDefinition>): RuleDefinition => ({ id, name: id, stopProcessing: false, conditions: {}, actions: {}, ...over });
  const c = ctx('Ma commande est pas arrivée');

  it('applies rules in order; the last firing rule wins single values, lists add up', () => {
    const { fired, outcome } = runRules(
      [
        rule('a', { actions: { teamId: 't1', priority: 'low', labels: ['x'], notifyUserIds: ['u1'] } }),
        rule('skip', { conditions: { intents: ['praise'] }, actions: { teamId: 'never' } }),
        rule('b', { actions: { teamId: 't2', labels: ['y', 'x'], notifyTeamIds: ['team'], assigneeId: 'u9', status: 'pending', crisisCandidate: true } }),
      ],
      c,
    );
    expect(fired.map((f) => f.id)).toEqual(['a', 'b']);
    expect(outcome).toEqual({
      teamId: 't2',
      priority: 'low',
      labels: ['x', 'y'],
      assigneeId: 'u9',
      status: 'pending',
      notifyUserIds: ['u1'],
      notifyTeamIds: ['team'],
      crisisCandidate: true,
    });
  });

  it('stops after a firing rule with stopProcessing, not after a rule that did not fire', () => {
    const rules = [
      rule('no-fire-stop', { stopProcessing: true, conditions: { kinds: ['dm'] } }),
      rule('stop', { stopProcessing: true, actions: { teamId: 't1' } }),
      rule('after', { actions: { teamId: 't2' } }),
    ];
    const { fired, outcome } = runRules(rules, c);
    expect(fired.map((f) => f.id)).toEqual(['stop']);
    expect(outcome.teamId).toBe('t1');
    const reversed = runRules([rules[2], rules[1]], c);
    expect(reversed.outcome.teamId).toBe('t1');
    expect(reversed.fired.map((f) => f.id)).toEqual(['after', 'stop']);
  });
});
