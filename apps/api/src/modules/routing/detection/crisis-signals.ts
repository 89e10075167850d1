import type { Intent } from './intent';
import { type CompiledLexicon, type Hit, listId, NO_HITS } from './lexicon';
import { STRONG_NEGATIVE, type Sentiment } from './sentiment';
import { type PreparedText, SENTENCE_END } from './text';

export const CRISIS_SIGNALS = ['safety', 'legal', 'reputation', 'press', 'official', 'strong_negativity', 'high_reach', 'verified'] as const;
export type CrisisSignal = (typeof CRISIS_SIGNALS)[number];

export interface AuthorFacts {
  followers?: number | null;
  verified?: boolean | null;
  name?: string | null;
  handle?: string | null;
}

export interface CrisisSignalsResult {
  signals: CrisisSignal[];
  evidence: string[];
}

const L = {
  safety: listId('safety'),
  safetyWeak: listId('safetyWeak'),
  legal: listId('legal'),
  identityWeak: listId('identityWeak'),
  bodyParts: listId('bodyParts'),
  harm: listId('harm'),
  hazardProducts: listId('hazardProducts'),
  persons: listId('persons'),
  symptoms: listId('symptoms'),
  allergens: listId('allergens'),
  allergenIncident: listId('allergenIncident'),
  reputation: listId('reputation'),
  reputationWeak: listId('reputationWeak'),
  media: listId('media'),
  mediaContact: listId('mediaContact'),
  press: listId('press'),
  pressAuthors: listId('pressAuthors'),
  officialAuthors: listId('officialAuthors'),
  quantities: listId('quantities'),
  cause: listId('cause'),
  idioms: listId('idioms'),
  products: listId('products'),
  mistreatment: listId('mistreatment'),
  claims: listId('claims'),
  claimDenied: listId('claimDenied'),
  paymentData: listId('paymentData'),
  dataMisuse: listId('dataMisuse'),
  heatSources: listId('heatSources'),
  overheat: listId('overheat'),
  foreignObjects: listId('foreignObjects'),
  food: listId('food'),
  allergenWarning: listId('allergenWarning'),
  medication: listId('medication'),
  medicationError: listId('medicationError'),
  relief: listId('relief'),
  danger: listId('danger'),
  care: listId('care'),
  warning: listId('warning'),
  alert: listId('alert'),
  problem: listId('problem'),
  defectWeak: listId('defectWeak'),
  preSales: listId('preSales'),
  hypothetical: listId('hypothetical'),
  notYetBought: listId('notYetBought'),
};

/** Words before a warning phrase that make it the writer's own account ("had to stop using it", "I do not use it"). */
const NOT_IMPERATIVE = new Set(['to', 'i', 'we', 'had', 'will', 'would', 'll', 'just', 'gonna', 'they', 'je', 'on', 'j']);

/** Lists whose words are taken back by a negation ("personne n'a été blessé", "not sick"). */
const NEGATABLE = new Set([L.safety, L.safetyWeak, L.danger, L.care, L.harm, L.symptoms, L.overheat, L.foreignObjects, L.dataMisuse, L.mistreatment]);

/**
 * Pairs of clues that make a signal together though neither does alone: a body part and a harm
 * ("cut my hand"), someone and a symptom ("ma fille a été très malade", "three patients with a
 * reaction"), an allergen and its presence where it should not be, a threat to go to the media.
 */
const COMBOS: {
  a: number;
  b: number;
  signal: CrisisSignal;
  join: string;
  near?: number;
  bFirstWithin?: number;
  needs?: number;
  needsWithin?: number;
  notBetween?: number;
  /** Not in a message with a hit of this list ("j'ai été malade, votre soupe m'a fait du bien"). */
  unless?: number;
  /** Not in a message that praises ("I love that your cups are compostable and local"). */
  unlessPositive?: boolean;
  /** The b hit must lie outside the a hit ("roasted in Ontario" against "locally roasted in Quebec"). */
  apart?: boolean;
}[] = [
  // Close together in one sentence: "cut my hand", "elle est tombée sur la tête"; not "the zipper broke, I want my money back".
  { a: L.harm, b: L.bodyParts, signal: 'safety', join: ' + ', near: 5 },
  // Something that protects from harm giving way: "the car seat buckle snapped", "les freins ont lâché".
  { a: L.harm, b: L.hazardProducts, signal: 'safety', join: ' + ', near: 10 },
  // Someone, then what they suffer, with something of the brand's before it or close after: "ma fille a été très
  // malade après votre muffin", "our dog died after your treats"; not "ce film est malade, j'ai
  // capoté", "ma fille est malade, j'annule", "mon chum est malade ce soir, on reporte notre souper
  // chez vous", "j'ai été malade, mais votre soupe m'a remis sur pied" nor, a thing between them,
  // "my son's phone died after the update", nor when the brand is what made them better ("j'ai été
  // malade toute la semaine, votre soupe m'a fait du bien").
  { a: L.symptoms, b: L.persons, signal: 'safety', join: ' + ', bFirstWithin: 14, needs: L.cause, needsWithin: 8, notBetween: L.products, unless: L.relief },
  { a: L.allergenIncident, b: L.allergens, signal: 'safety', join: ' + ' },
  { a: L.mediaContact, b: L.media, signal: 'reputation', join: ' → ' },
  // An allergen served though the customer warned, or a label said otherwise: "I told the cashier I'm
  // allergic to dairy", "étiqueté sans gluten"; not when the message thanks ("they were so careful").
  { a: L.allergenWarning, b: L.allergens, signal: 'safety', join: ' + ', unlessPositive: true },
  // The wrong medicine, dose or patient: "la pharmacie m'a donné le mauvais médicament", "my neighbour's
  // blood pressure pills", "du sirop pour adulte à mon bébé".
  { a: L.medicationError, b: L.medication, signal: 'safety', join: ' + ', near: 6 },
  // Something carrying current, or a surface, melting, blackening, sparking: "le cordon a fondu", "the plug
  // melted in the outlet", "le mur est noirci".
  { a: L.overheat, b: L.heatSources, signal: 'safety', join: ' + ', near: 8 },
  // Something that is not food in food: "un morceau de gant dans ma salade", "a staple in my sandwich".
  { a: L.foreignObjects, b: L.food, signal: 'safety', join: ' + ', near: 8, unlessPositive: true },
  // Card, account or personal data used, leaked or shown to others: "ma carte a été utilisée", "charges I
  // never made on my card", "la facture d'un autre client avec son adresse".
  { a: L.dataMisuse, b: L.paymentData, signal: 'legal', join: ' + ', near: 8 },
  // A claim the brand makes, said to be false: "100% compostable… du plastique dedans", "locally roasted in
  // Quebec… roasted in Ontario", "cruelty-free… tested on animals" (greenwashing, false advertising).
  { a: L.claimDenied, b: L.claims, signal: 'legal', join: ' ≠ ', unlessPositive: true, apart: true },
  // Who someone is and how they were treated: "refusé de faire monter mon fils en fauteuil roulant",
  // "kept calling my trans daughter he on purpose", "asked for my number. I'm 16".
  { a: L.mistreatment, b: L.identityWeak, signal: 'legal', join: ' + ', unlessPositive: true },
];

export function detectCrisisSignals(
  text: PreparedText,
  matched: Hit[][],
  sentiment: Sentiment,
  author: AuthorFacts,
  highReachFollowers: number,
  lexicon: CompiledLexicon,
  intent: Intent = 'other',
): CrisisSignalsResult {
  const hits = withoutNegated(text, matched);
  const scopeBreakers = lexicon.sentiment.scopeBreakers;
  const signals = new Set<CrisisSignal>();
  const evidence: string[] = [];
  const add = (signal: CrisisSignal, found: string[]) => {
    if (found.length === 0) return;
    signals.add(signal);
    evidence.push(...found);
  };
  add('safety', hits[L.safety].slice(0, 3).map((h) => h.term));
  for (const c of COMBOS) {
    if (signals.has(c.signal) && c.signal === 'safety') continue;
    if (c.unlessPositive && sentiment.label === 'positive') continue;
    if (c.unless !== undefined && hits[c.unless].length > 0) continue;
    if (c.needs !== undefined && hits[c.needs].length === 0) continue;
    const symptoms = c.needs !== undefined && c.needsWithin !== undefined ? hits[c.a].filter((h) => hasNear(text, h, hits[c.needs!], c.needsWithin!, scopeBreakers)) : hits[c.a];
    const pair =
      c.near === undefined
        ? findPair(symptoms, hits[c.b], c.bFirstWithin, c.notBetween === undefined ? NO_HITS : hits[c.notBetween], c.apart === true)
        : findNear(text, hits[c.a], hits[c.b], c.near);
    if (pair) add(c.signal, [`${pair[0].term}${c.join}${pair[1].term}`]);
  }
  add('legal', hits[L.legal].slice(0, 3).map((h) => h.term));
  add('reputation', hits[L.reputation].slice(0, 3).map((h) => h.term));
  add('press', hits[L.press].slice(0, 3).map((h) => h.term));
  for (const value of [author.name, author.handle]) {
    if (!value) continue;
    const press = lexicon.matcher.matchLoose(value, L.pressAuthors);
    if (press) add('press', [`author: ${press}`]);
    const official = lexicon.matcher.matchLoose(value, L.officialAuthors);
    if (official) add('official', [`author: ${official}`]);
  }
  if (sentiment.score <= STRONG_NEGATIVE) signals.add('strong_negativity');
  if ((author.followers ?? 0) >= highReachFollowers) signals.add('high_reach');
  if (author.verified) signals.add('verified');
  // Weak safety words ("allergic", "fire", "rappel") count alongside distress, another signal, or
  // several people ("three patients with the same reaction", "plusieurs clients"; not "allergic to a
  // lot of things": the number goes right before the people).
  const many = hits[L.quantities].some((q) => hits[L.persons].some((p) => p.start >= q.end && p.start - q.end <= 2));
  if (sentiment.label === 'negative' || signals.size > 0 || many) {
    if (!signals.has('safety')) add('safety', hits[L.safetyWeak].slice(0, 3).map((h) => h.term));
  }
  // Partial evidence. Crisis precision has room to spare, so a weak clue decides once the message
  // reports something that went wrong, and is not thanks nor a question asked before buying.
  const preSalesQuestion = intent === 'question' && (hits[L.preSales].length > 0 || hits[L.hypothetical].length > 0 || hits[L.notYetBought].length > 0);
  const complains = sentiment.label === 'negative' || intent === 'after_sales' || intent === 'complaint';
  // Something that hurt (a symptom, an allergen, something that is not food in food) is no thanks
  // whatever the words around it ("…des crevettes dans mon pad thaï. Ambulance. Bravo").
  const hurt = hits[L.symptoms].length > 0 || hits[L.allergens].length > 0 || hits[L.foreignObjects].length > 0;
  const benign = !hurt && (intent === 'praise' || preSalesQuestion || (sentiment.label === 'positive' && !complains));
  if (!benign && !signals.has('safety')) {
    // A danger word inside the name of a product that protects is that product ("smoke detector").
    const danger = hits[L.danger].filter((h) => !hits[L.hazardProducts].some((p) => p.start <= h.start && h.end <= p.end));
    const weak = [...hits[L.safetyWeak], ...danger, ...hits[L.care], ...hits[L.alert]];
    // A danger or an emergency ("pas sécuritaire", "les pompiers sont venus", "smoke") in a case, a
    // complaint or a plain account of what the brand's thing did ("…à cause de votre chaufferette").
    if (danger.length > 0 && (complains || hurt || (intent === 'other' && hits[L.cause].length > 0))) add('safety', danger.slice(0, 3).map((h) => h.term));
    // Two separate weak clues ("le vétérinaire… du xylitol", "en feu… les pompiers").
    else if (separateHits(weak) >= 2) add('safety', weak.slice(0, 3).map((h) => h.term));
    // Someone then a symptom, with care or danger instead of a cause ("my son broke out… the ER").
    else if (weak.length > 0) {
      const pair = findPair(hits[L.symptoms], hits[L.persons], 14, hits[L.products]);
      if (pair) add('safety', [`${pair[0].term} + ${pair[1].term}`, weak[0].term]);
    }
    // A warning to other customers about something that failed or hurt ("stop using it now", "ne l'utilisez
    // plus"); an alert ("PSA", "avis aux parents") only about harm or a product that protects.
    // Said to others, not of oneself: "I had to stop using it", "we'll throw it out" warn no one.
    const warning = hits[L.warning].filter((h) => !NOT_IMPERATIVE.has(text.tokens[h.start - 1]));
    if (!signals.has('safety') && warning.length > 0) {
      const failed = [L.harm, L.hazardProducts, L.safetyWeak, L.danger, L.care, L.symptoms, L.overheat].some((id) => hits[id].length > 0);
      if (failed) add('safety', [`${warning[0].term} (warning)`]);
    }
    if (!signals.has('safety') && hits[L.alert].length > 0 && [L.hazardProducts, L.symptoms].some((id) => hits[id].length > 0)) {
      add('safety', [`${hits[L.alert][0].term} (alert)`]);
    }
  }
  // Who someone is and how they were treated, both said ("followed me around… I'm Black", "les gens
  // comme vous… mon hijab"): discrimination whatever the tone, unless it thanks or asks before buying.
  if (!signals.has('legal') && intent !== 'praise' && !preSalesQuestion && separateHits(hits[L.identityWeak]) >= 2) add('legal', hits[L.identityWeak].slice(0, 3).map((h) => h.term));
  // Two separate escalation clues ("that TikTok… at 3M views", "a video… circulating") are a public
  // escalation whatever the tone.
  if (!signals.has('reputation') && separateHits(hits[L.reputationWeak]) >= 2) add('reputation', hits[L.reputationWeak].slice(0, 3).map((h) => h.term));
  // Who someone is ("enceinte", "wheelchair"), or how staff are treated ("conditions de travail"), is
  // discrimination or an ethics matter only when the message complains; a video, TikTok or a thread
  // is a public escalation only then too.
  if (sentiment.label === 'negative' || signals.size > 0) {
    if (!signals.has('legal')) add('legal', hits[L.identityWeak].slice(0, 3).map((h) => h.term));
    if (!signals.has('reputation')) add('reputation', hits[L.reputationWeak].slice(0, 3).map((h) => h.term));
  }
  return { signals: CRISIS_SIGNALS.filter((s) => signals.has(s)), evidence };
}

function findPair(a: Hit[], b: Hit[], bFirstWithin: number | undefined, notBetween: Hit[], apart = false): [Hit, Hit] | null {
  if (!a.length || !b.length) return null;
  if (bFirstWithin === undefined) {
    if (!apart) return [a[0], b[0]];
    for (const x of a) for (const y of b) if (x.end <= y.start || y.end <= x.start) return [x, y];
    return null;
  }
  for (const x of a) {
    for (const y of b) {
      if (y.start < x.start && x.start - y.start <= bFirstWithin && !notBetween.some((n) => n.start > y.start && n.start < x.start)) return [x, y];
    }
  }
  return null;
}

/** How many hits of a list cover separate words ("on tiktok" and "tiktok" are one). */
function separateHits(list: Hit[]): number {
  let n = 0;
  let end = -1;
  for (const h of [...list].sort((x, y) => x.start - y.start)) {
    if (h.start >= end) n++;
    end = Math.max(end, h.end);
  }
  return n;
}

/** A hit of each list at most `within` words apart, with no end of sentence between them. */
function findNear(text: PreparedText, a: Hit[], b: Hit[], within: number): [Hit, Hit] | null {
  for (const x of a) {
    for (const y of b) {
      const from = Math.min(x.start, y.start);
      const to = Math.max(x.start, y.start);
      if (to - from > within) continue;
      let sentenceEnd = false;
      for (let i = from + 1; i < to && !sentenceEnd; i++) sentenceEnd = text.tokens[i] === SENTENCE_END;
      if (!sentenceEnd) return [x, y];
    }
  }
  return null;
}

/**
 * Whether a cause goes with the symptom `h`: earlier in its sentence ("après votre smoothie, j'ai
 * vomi", "your bread made my son sick") or at most `within` words after it ("malade après votre
 * muffin"), with no "mais"/"but" between them.
 */
function hasNear(text: PreparedText, h: Hit, causes: Hit[], within: number, breakers: Set<string>): boolean {
  return causes.some((n) => {
    if (n.start > h.start && n.start - h.start > within) return false;
    const from = Math.min(h.start, n.start);
    const to = Math.max(h.start, n.start);
    for (let i = from + 1; i < to; i++) if (text.tokens[i] === SENTENCE_END || breakers.has(text.tokens[i])) return false;
    return true;
  });
}

/** Drops harm words a negation takes back. */
function withoutNegated(text: PreparedText, hits: Hit[][]): Hit[][] {
  if (!text.negated.includes(true)) return hits;
  return hits.map((list, id) => (list.length && NEGATABLE.has(id) ? list.filter((h) => !text.negated[h.start]) : list));
}

/** Drops the words of harmless set phrases ("fire sale", "sick of", "c'est malade") from every list. */
export function withoutIdioms(hits: Hit[][]): Hit[][] {
  const idioms = hits[L.idioms];
  if (!idioms.length) return hits;
  return hits.map((list, id) => (id === L.idioms || !list.length ? list : list.filter((h) => !idioms.some((i) => i.start <= h.start && h.end <= i.end))));
}
