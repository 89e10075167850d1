import { type Hit, listId, NO_HITS } from './lexicon';
import type { Sentiment } from './sentiment';
import { CLAUSE_END, SENTENCE_END, type PreparedText } from './text';

export const DETECTED_INTENTS = ['after_sales', 'question', 'complaint', 'praise', 'spam', 'other'] as const;
export type Intent = (typeof DETECTED_INTENTS)[number];

export interface IntentResult {
  intent: Intent;
  /** The lexicon terms that decided it, for the "why" of a preview. */
  evidence: string[];
}

const URL = /https?:\/\/|www\.|\.(com|ca|net|io|ly)\/\S/i;
export const ORDER_NUMBER = /#\s?\d{3,}|\b\d{5,}\b|\b[a-z]{1,3}-?\d{4,}\b/i;
/** A case to handle is the writer's own: "ma commande", "my order", "j'ai reçu". */
const FIRST_PERSON = new Set(['je', 'j', 'on', 'me', 'm', 'moi', 'ma', 'mon', 'mes', 'nous', 'notre', 'nos', 'i', 'im', 'my', 'mine', 'we', 'our', 'us']);
/** "ma commande", "my jacket": something the writer has, so a question about it is not asked before buying. */
const POSSESSIVE = new Set(['ma', 'mon', 'mes', 'notre', 'nos', 'my', 'mine', 'our']);
/** After these, "if"/"si" asks whether something happened ("can you check if my order shipped"), it supposes nothing. */
const WHETHER = new Set([
  'know',
  'sure',
  'check',
  'see',
  'wonder',
  'wondering',
  'wondered',
  'ask',
  'asking',
  'tell',
  'confirm',
  'verify',
  'find',
  'sais',
  'savoir',
  'sait',
  'savez',
  'demande',
  'demandais',
  'verifier',
  'voir',
  'dire',
  'confirmer',
  'dites',
  'verifiez',
  'regarder',
  'regardez',
  'checker',
]);
/** Politeness, not a supposition: "s'il vous plaît", "si possible", "if you could". */
const POLITE = [' s il vous pla', ' s il te pla', ' si possible ', ' if possible ', ' if you could ', ' if you can ', ' if you would ', ' si vous pouv', ' si vous pourr'];

const L = {
  afterSales: listId('after_sales'),
  question: listId('question'),
  complaint: listId('complaint'),
  praise: listId('praise'),
  spam: listId('spam'),
  problem: listId('problem'),
  defectWeak: listId('defectWeak'),
  workingStates: listId('workingStates'),
  products: listId('products'),
  usage: listId('usage'),
  preSales: listId('preSales'),
  hypothetical: listId('hypothetical'),
  purchased: listId('purchased'),
  agents: listId('agents'),
  caseTopics: listId('caseTopics'),
  request: listId('request'),
  sarcasm: listId('sarcasm'),
  persons: listId('persons'),
  notYetBought: listId('notYetBought'),
  resolved: listId('resolved'),
};

const terms = (hits: Hit[]) => hits.map((h) => h.term);

/**
 * What the customer wants. After-sales evidence comes in two strengths: a problem with something
 * bought ("brisé", "never arrived", "charged twice", a working state negated: "ça marche pu")
 * makes a case whatever the tone, sarcastic praise included; topic words ("commande", "refund")
 * make one when the writer speaks of their own purchase and is not simply thanking, and not in a
 * general question asked before buying ("Do you ship to Laval?", "C'est quoi votre politique de retour?").
 * What a supposition covers ("si je commande aujourd'hui", "do you refund if it arrives broken")
 * is no evidence of a case, and a question that supposes, or asks before buying, about nothing the
 * writer owns ("Est-ce que vos chandails rétrécissent?") is pre-sales even with a problem word.
 */
export function detectIntent(text: PreparedText, matched: Hit[][], sentiment: Sentiment): IntentResult {
  const spam = terms(matched[L.spam]);
  const hasUrl = URL.test(text.raw);
  if (spam.length >= 2 || (spam.length >= 1 && hasUrl)) return { intent: 'spam', evidence: spam };

  const supposed = hypotheticalScope(text, matched[L.hypothetical]);
  const hits = supposed ? withoutSupposed(matched, supposed) : matched;
  const question = terms(hits[L.question]);
  const asks = text.raw.includes('?') || question.length > 0;
  const requests = hits[L.request].length > 0;
  // The delivery person or customer service ("livreur", "customer service") is a case when the
  // writer complains, asks or requests; "Votre livreur est toujours de bonne humeur" is praise.
  const agentsCount = hits[L.agents].length > 0 && (sentiment.label === 'negative' || text.raw.includes('?') || requests || hits[L.sarcasm].length > 0);
  const topicHits = agentsCount ? [...hits[L.afterSales], ...hits[L.agents]] : withoutAgents(hits[L.afterSales], hits[L.agents]);
  const topic = terms(topicHits);
  const topicWords = new Set(topicHits.map((h) => h.start)).size;
  const problems = problemsOf(text, hits, sentiment, topic.length > 0);
  const orderNumber = ORDER_NUMBER.test(text.raw);
  // "on" is a French pronoun, and an English preposition. "Ma sœur", "my brother" are someone the
  // writer speaks of, not something they bought: "Do you ship to the States? My brother lives in Vermont."
  const relative = new Set(hits[L.persons].map((h) => h.start));
  const own = (set: Set<string>) =>
    text.tokens.some((t, i) => set.has(t) && !supposed?.[i] && !(t === 'on' && text.language === 'en') && !(POSSESSIVE.has(t) && relative.has(i + 1)));
  const ownCase = orderNumber || own(FIRST_PERSON);
  // Asked before buying, about nothing the writer has bought or owns; or supposing ("can I change my flight if there's a storm?").
  const beforeBuying =
    asks &&
    !orderNumber &&
    sentiment.label !== 'negative' &&
    (hits[L.preSales].length > 0 || supposed !== null) &&
    hits[L.purchased].length === 0 &&
    (supposed !== null || !own(POSSESSIVE));

  // Thanks for a problem already solved ("Remboursée en 2 jours quand mon colis s'est perdu, chapeau",
  // "never had a problem with my deliveries") is praise, not a case: nothing is asked or requested.
  const resolved = hits[L.resolved].length > 0 && sentiment.label === 'positive' && !text.raw.includes('?') && !requests && hits[L.sarcasm].length === 0;
  // A problem word in a question asked by someone who says they have not bought yet ("la garantie
  // couvre-t-elle les pièces d'usure? Je compare avant d'acheter") is no case even though they say "je".
  if (problems.length > 0 && !resolved && !(beforeBuying && (!ownCase || hits[L.notYetBought].length > 0))) return { intent: 'after_sales', evidence: [...problems, ...topic].slice(0, 8) };
  if (topic.length > 0) {
    // A general question ("Do you deliver to Laval?", "What's your return policy?") is pre-sales, not a case.
    // A refund or a tracking number presupposes a purchase: "How long do refunds take?" is a case.
    const presupposed = hits[L.caseTopics].length > 0;
    const general = asks && !orderNumber && sentiment.label !== 'negative' && (beforeBuying || (!ownCase && topicWords === 1 && !presupposed));
    // "Merci pour la livraison rapide!" mentions delivery but is praise, not a case to handle.
    const thanks = sentiment.label === 'positive' && hits[L.praise].length > 0 && !asks && !requests && hits[L.sarcasm].length === 0;
    if (!general && !thanks && !resolved) {
      return { intent: 'after_sales', evidence: topic };
    }
  }
  const complaint = terms(hits[L.complaint]);
  if (complaint.length > 0 && sentiment.label !== 'positive') return { intent: 'complaint', evidence: complaint };
  if (sentiment.label === 'negative' && !text.raw.includes('?')) return { intent: 'complaint', evidence: [] };
  if (asks) return { intent: 'question', evidence: question.length ? question : ['?'] };
  const praise = terms(hits[L.praise]);
  if (praise.length > 0 || sentiment.label === 'positive') return { intent: 'praise', evidence: praise };
  if (sentiment.label === 'negative') return { intent: 'complaint', evidence: [] };
  return { intent: 'other', evidence: [] };
}

/**
 * The words a supposition covers, from "si"/"if"/"au cas où" (the `hypothetical` cue list) to the
 * end of its clause or sentence: "si je commande aujourd'hui, ça arrive avant Noël?", "do you
 * refund if the item goes on sale". Not after "check", "savoir"…: "can you check if my order
 * shipped" asks about a real order; nor in "s'il vous plaît", "if you could". Null when the
 * message supposes nothing.
 */
function hypotheticalScope(text: PreparedText, markers: Hit[]): boolean[] | null {
  if (markers.length === 0) return null;
  const { tokens } = text;
  let scope: boolean[] | null = null;
  for (const m of markers) {
    if (WHETHER.has(tokens[m.start - 1]) || WHETHER.has(tokens[m.start - 2])) continue;
    const from = ` ${tokens.slice(m.start, m.start + 4).join(' ')} `;
    if (POLITE.some((p) => from.startsWith(p))) continue;
    scope ??= new Array<boolean>(tokens.length).fill(false);
    for (let i = m.start; i < tokens.length && tokens[i] !== SENTENCE_END && tokens[i] !== CLAUSE_END; i++) scope[i] = true;
  }
  return scope;
}

/** Topic words inside the name of a person who serves ("the delivery guy") when that person does not make a case. */
function withoutAgents(topic: Hit[], agents: Hit[]): Hit[] {
  if (!agents.length || !topic.length) return topic;
  return topic.filter((t) => !agents.some((a) => a.start <= t.start && t.end <= a.end));
}

const COUNT = '(?:\\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)';
const LONG_DAYS = '(?:\\d\\d+|[5-9]|cinq|six|sept|huit|neuf|dix|douze|quinze|five|six|seven|eight|nine|ten|twelve|fifteen)';
/** Waiting counted in days, weeks or months: "ça fait 3 semaines que j'attends ma table", "two weeks of waiting". */
const WAITED = new RegExp(
  ` ${COUNT} (?:jours|semaines|mois|days|weeks|months) (?:${[
    'que j attends',
    'que j attend',
    'qu on attend',
    'que je l attends',
    'que je les attends',
    'd attente',
    'i ve been waiting',
    'i have been waiting',
    'we ve been waiting',
    'of waiting',
    'and still',
    'et toujours',
    'pis toujours',
    'et j ai toujours rien',
    'and nothing',
  ].join('|')}) `,
);
/** A delivery that took long: "took 12 days", "arrivé en 10 jours", "a pris trois semaines" (not "took 2 days"). */
const TOOK_LONG = new RegExp(
  ` (?:took|taken|a pris|ca a pris|arrive en|arrived in|arrived after|delivered in|delivered after|livre en|livree en) (?:${LONG_DAYS} (?:jours|days)|${COUNT} (?:semaines|mois|weeks|months)) `,
);

/** Evidence of a case that lies inside a supposition does not count. */
const SUPPOSABLE = [L.afterSales, L.problem, L.defectWeak, L.workingStates, L.purchased, L.caseTopics, L.agents];
function withoutSupposed(hits: Hit[][], supposed: boolean[]): Hit[][] {
  const out = hits.slice();
  for (const id of SUPPOSABLE) if (out[id].length) out[id] = out[id].filter((h) => !supposed[h.start]);
  return out;
}

/**
 * Problems with a purchase: problem terms not negated ("rien de brisé" is none), working states
 * negated ("n'est jamais arrivé", "doesn't turn on", "pas de suivi"), and weak defect words
 * ("grince", "stuck") when something bought, the writer's own thing, its age or a bad mood goes with them.
 */
function problemsOf(text: PreparedText, hits: Hit[][], sentiment: Sentiment, topic: boolean): string[] {
  const found: string[] = [];
  const delay = WAITED.exec(text.joined) ?? TOOK_LONG.exec(text.joined);
  if (delay) found.push(delay[0].trim());
  for (const h of hits[L.problem]) if (!text.negated[h.start]) found.push(h.term);
  for (const h of hits[L.workingStates]) if (text.negated[h.start]) found.push(`not ${h.term}`);
  const weak = hits[L.defectWeak].filter((h) => !text.negated[h.start]);
  if (weak.length > 0) {
    const own = text.tokens.some((t) => FIRST_PERSON.has(t) && !(t === 'on' && text.language === 'en'));
    const supported = weak.length >= 2 || own || topic || sentiment.label === 'negative' || hits[L.products].length > 0 || hits[L.usage].length > 0;
    if (supported) found.push(...terms(weak));
  }
  return found;
}
