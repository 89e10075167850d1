import type { ConversationKind, ConversationStatus, Platform, Priority, RoutingRuleActions, RoutingRuleConditions } from '@babillard/contracts';
import type { MessageAnalysis } from '../detection/analyze';
import { foldText, tokenize } from '../detection/text';

export interface RuleDefinition {
  id: string;
  name: string;
  stopProcessing: boolean;
  conditions: RoutingRuleConditions;
  actions: RoutingRuleActions;
}

/** What the rules see about one inbound message. */
export interface RuleContext {
  platform: Platform;
  kind: ConversationKind;
  channelId: string | null;
  text: string;
  analysis: MessageAnalysis;
  followers: number | null;
  verified: boolean;
  vip: boolean;
  at: Date;
  timezone: string;
}

export interface FiredRule {
  id: string;
  name: string;
  why: string;
  actions: RoutingRuleActions;
}

export interface RuleOutcome {
  teamId?: string;
  priority?: Priority;
  labels: string[];
  assigneeId?: string;
  status?: ConversationStatus;
  notifyUserIds: string[];
  notifyTeamIds: string[];
  crisisCandidate: boolean;
}

const wordsOf = (phrase: string) => ` ${tokenize(phrase).join(' ')} `;

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: Date, timezone: string): { day: number; minutes: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Whether every condition holds, and in words why (for the timeline and the preview). */
export function matchConditions(c: RoutingRuleConditions, ctx: RuleContext): { matched: boolean; why: string[] } {
  const why: string[] = [];
  const fail = { matched: false, why: [] };
  const a = ctx.analysis;
  if (c.platforms?.length) {
    if (!c.platforms.includes(ctx.platform)) return fail;
    why.push(`platform is ${ctx.platform}`);
  }
  if (c.kinds?.length) {
    if (!c.kinds.includes(ctx.kind)) return fail;
    why.push(`kind is ${ctx.kind}`);
  }
  if (c.channelIds?.length) {
    if (!ctx.channelId || !c.channelIds.includes(ctx.channelId)) return fail;
    why.push('channel matches');
  }
  if (c.text) {
    const text = ` ${tokenize(ctx.text).join(' ')} `;
    const has = (p: string) => text.includes(wordsOf(p));
    if (c.text.any?.length) {
      const hit = c.text.any.find(has);
      if (!hit) return fail;
      why.push(`text contains "${hit}"`);
    }
    if (c.text.all?.length) {
      if (!c.text.all.every(has)) return fail;
      why.push(`text contains ${c.text.all.map((p) => `"${p}"`).join(' and ')}`);
    }
    if (c.text.none?.length) {
      const hit = c.text.none.find(has);
      if (hit) return fail;
      why.push(`text has none of ${c.text.none.map((p) => `"${foldText(p)}"`).join(', ')}`);
    }
  }
  if (c.languages?.length) {
    if (!c.languages.includes(a.language)) return fail;
    why.push(`language is ${a.language}`);
  }
  if (c.intents?.length) {
    if (!c.intents.includes(a.intent)) return fail;
    why.push(`intent is ${a.intent}`);
  }
  if (c.sentiments?.length) {
    if (!c.sentiments.includes(a.sentiment.label)) return fail;
    why.push(`sentiment is ${a.sentiment.label}`);
  }
  if (c.crisisSignals?.length) {
    const hit = c.crisisSignals.filter((s) => a.crisisSignals.includes(s));
    if (hit.length === 0) return fail;
    why.push(`crisis signal ${hit.join(', ')}`);
  }
  if (c.minFollowers !== undefined) {
    if ((ctx.followers ?? 0) < c.minFollowers) return fail;
    why.push(`author has ${ctx.followers} followers (≥ ${c.minFollowers})`);
  }
  if (c.maxFollowers !== undefined) {
    if ((ctx.followers ?? 0) > c.maxFollowers) return fail;
    why.push(`author has ${ctx.followers ?? 0} followers (≤ ${c.maxFollowers})`);
  }
  if (c.verified !== undefined) {
    if (ctx.verified !== c.verified) return fail;
    why.push(c.verified ? 'author is verified' : 'author is not verified');
  }
  if (c.vip !== undefined) {
    if (ctx.vip !== c.vip) return fail;
    why.push(c.vip ? 'contact is VIP' : 'contact is not VIP');
  }
  if (c.schedule) {
    const { day, minutes } = localTime(ctx.at, ctx.timezone);
    const from = toMinutes(c.schedule.from);
    const to = toMinutes(c.schedule.to);
    const inHours = from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
    const inside = inHours && (!c.schedule.days?.length || c.schedule.days.includes(day));
    if (inside === Boolean(c.schedule.outside)) return fail;
    why.push(`${c.schedule.outside ? 'outside' : 'within'} ${c.schedule.from}–${c.schedule.to}`);
  }
  return { matched: true, why: why.length ? why : ['no conditions'] };
}

/**
 * Runs the rules in order. Each firing rule applies its actions over the previous ones (team,
 * priority, assignee and status: the last firing rule wins; labels and notifications add up);
 * a firing rule with `stopProcessing` ends the run.
 */
export function runRules(rules: RuleDefinition[], ctx: RuleContext): { fired: FiredRule[]; outcome: RuleOutcome } {
  const outcome: RuleOutcome = { labels: [], notifyUserIds: [], notifyTeamIds: [], crisisCandidate: false };
  const fired: FiredRule[] = [];
  for (const rule of rules) {
    const { matched, why } = matchConditions(rule.conditions, ctx);
    if (!matched) continue;
    fired.push({ id: rule.id, name: rule.name, why: why.join('; '), actions: rule.actions });
    const act = rule.actions;
    if (act.teamId) outcome.teamId = act.teamId;
    if (act.priority) outcome.priority = act.priority;
    if (act.assigneeId) outcome.assigneeId = act.assigneeId;
    if (act.status) outcome.status = act.status;
    for (const l of act.labels ?? []) if (!outcome.labels.includes(l)) outcome.labels.push(l);
    for (const u of act.notifyUserIds ?? []) if (!outcome.notifyUserIds.includes(u)) outcome.notifyUserIds.push(u);
    for (const t of act.notifyTeamIds ?? []) if (!outcome.notifyTeamIds.includes(t)) outcome.notifyTeamIds.push(t);
    if (act.crisisCandidate) outcome.crisisCandidate = true;
    if (rule.stopProcessing) break;
  }
  return { fired, outcome };
}
