import type { RoutingCategory } from '@babillard/contracts';
import type { AuthorFacts, CrisisSignal } from '../crisis-signals';
import type { Intent } from '../intent';
import { type Hit, LISTS } from '../lexicon';
import type { Sentiment } from '../sentiment';
import { CLAUSE_END, SENTENCE_END, type PreparedText } from '../text';

/** What the rule-based detector read in a message: the input of the learned layer. */
export interface DetectorReading {
  prepared: PreparedText;
  /** Lexicon hits per list (idioms removed), as the detector saw them. */
  hits: Hit[][];
  sentiment: Sentiment;
  intent: Intent;
  signals: CrisisSignal[];
  /** The detector's own category, before the learned layer. */
  category: RoutingCategory;
  author: AuthorFacts;
  highReachFollowers: number;
}

/** Sparse feature vector: names and values, same length. */
export interface FeatureVector {
  names: string[];
  values: number[];
}

const NUMBER = /^\d+$/;
/** Lists whose hits are features by name: every matcher list (intent words, crisis lists, cues). */
const LIST_FEATURES = LISTS.map((name) => `l:${name}`);

/**
 * The features of the learned layer, for training and at runtime alike (one function, so the
 * weights always meet the features they were trained on):
 * - unigrams and bigrams of the detector's stems in the message's language (words folded, Quebec
 *   and texting spellings made standard, numbers as `0`), bigrams within a clause only; a word a
 *   negation governs also counts as `n:stem` ("pas reçu", "never arrived");
 * - the detector's readings: its category, intent, crisis signals, sentiment (score and label),
 *   language, which lexicon lists matched, and the author's reach and verification.
 * Binary features are 1; the sentiment score is its value (-1…1).
 */
export function modelFeatures(r: DetectorReading): FeatureVector {
  const names: string[] = [];
  const values: number[] = [];
  const add = (name: string, value = 1) => {
    names.push(name);
    values.push(value);
  };
  const { tokens, stems, negated } = r.prepared;
  const seen = new Set<string>();
  const once = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    add(name);
  };
  let prev: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === SENTENCE_END || t === CLAUSE_END) {
      prev = null;
      continue;
    }
    const s = NUMBER.test(t) ? '0' : stems[i];
    once(`w:${s}`);
    if (negated[i]) once(`n:${s}`);
    if (prev !== null) once(`b:${prev}_${s}`);
    prev = s;
  }
  add('bias:detector');
  add(`cat:${r.category}`);
  add(`intent:${r.intent}`);
  add(`lang:${r.prepared.language}`);
  add(`sent:${r.sentiment.label}`);
  add('sent', r.sentiment.score);
  for (const s of r.signals) add(`sig:${s}`);
  for (let id = 0; id < r.hits.length; id++) if (r.hits[id].length) add(LIST_FEATURES[id]);
  const followers = r.author.followers ?? 0;
  if (followers >= r.highReachFollowers) add('author:high_reach');
  else if (followers >= 1000) add('author:reach_1k');
  if (r.author.verified) add('author:verified');
  return { names, values };
}

const V = {
  relief: LISTS.indexOf('crisis.relief'),
  resolved: LISTS.indexOf('cues.resolved'),
  notYetBought: LISTS.indexOf('cues.notYetBought'),
  hypothetical: LISTS.indexOf('cues.hypothetical'),
  preSales: LISTS.indexOf('cues.preSales'),
  persons: LISTS.indexOf('crisis.persons'),
  symptoms: LISTS.indexOf('crisis.symptoms'),
  products: LISTS.indexOf('cues.products'),
};

/**
 * Why the model may not add a crisis the detector did not see (or, for `question`, needs to be surer), or null: the detector read
 * something that takes the harm back — relief ("votre soupe m'a remis sur pied"), a problem
 * already solved, a writer who has not bought or only supposes, a product between someone and what
 * "happened" to it ("my son's phone died"), or a question that is not a complaint ("Is your
 * mascara safe for sensitive eyes?"). Words alone cannot see these; the detector's rules do.
 */
export function crisisVeto(r: DetectorReading): string | null {
  const h = r.hits;
  if (h[V.relief].length) return 'relief';
  if (h[V.resolved].length) return 'resolved';
  // "demandé si j'étais vraiment une fille" supposes nothing: only a question or thanks asks before buying.
  if ((h[V.notYetBought].length || h[V.hypothetical].length || h[V.preSales].length) && (r.intent === 'question' || r.intent === 'praise')) return 'pre-sales';
  if (r.intent === 'question' && r.sentiment.label !== 'negative') return 'question';
  if (h[V.persons].length && h[V.symptoms].length && h[V.products].length) {
    const person = Math.min(...h[V.persons].map((x) => x.start));
    const symptom = Math.max(...h[V.symptoms].map((x) => x.start));
    if (h[V.products].some((x) => x.start > person && x.start < symptom)) return 'product';
  }
  return null;
}
