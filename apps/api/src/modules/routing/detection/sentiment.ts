import type { CompiledLexicon } from './lexicon';
import { CLAUSE_END, SENTENCE_END, type PreparedText } from './text';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export interface Sentiment {
  /** -1 … 1 */
  score: number;
  label: SentimentLabel;
}

const NEGATION_SPAN = 3;
const POST_NEGATION_SPAN = 2;
const NEGATED_WEIGHT = -0.75;
const INTENSIFIER = 1.5;
export const NEGATIVE_THRESHOLD = -0.15;
export const POSITIVE_THRESHOLD = 0.15;
/** At or under this score a message counts as strongly negative (a crisis signal). */
export const STRONG_NEGATIVE = -0.6;

/**
 * Which words a negation governs: the three words after a negator ("pas content", "never
 * arrived", "ça marche pu"), or the two before a trailing one ("content pantoute"). Its reach
 * ends at the end of a sentence or clause (a comma) and at "mais", "but"… ("pas cher mais brisé",
 * "sans problème, merci").
 */
export function negationScope(tokens: string[], lexicon: CompiledLexicon): boolean[] {
  const { negators, postNegators, scopeBreakers } = lexicon.sentiment;
  const negated = new Array<boolean>(tokens.length).fill(false);
  let until = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === SENTENCE_END || t === CLAUSE_END || scopeBreakers.has(t)) {
      until = -1;
      continue;
    }
    // "si jamais" is "if ever": it supposes, it negates nothing ("si jamais le cadeau fait pas").
    if (negators.has(t) && !(t === 'jamais' && tokens[i - 1] === 'si')) {
      until = i + NEGATION_SPAN;
      continue;
    }
    if (i <= until) negated[i] = true;
    if (postNegators.has(t)) {
      // "pas content pantoute" only insists: a trailing negator never undoes a leading one.
      for (let j = i - 1; j >= Math.max(0, i - POST_NEGATION_SPAN) && tokens[j] !== SENTENCE_END && tokens[j] !== CLAUSE_END; j--) negated[j] = true;
    }
  }
  return negated;
}

/**
 * Lexicon sentiment with negation (see `negationScope`), intensifiers ("vraiment", "so") that
 * strengthen the next word, exclamation marks, shouting and emojis. A language's own words
 * (`byLanguage`: "hâte", "sale", "content" in French; "hate", "lame", "fine" in English) count only
 * in a message of that language.
 */
export function scoreSentiment(text: PreparedText, lexicon: CompiledLexicon): Sentiment {
  const { intensifiers, phrases, emojis } = lexicon.sentiment;
  const words = lexicon.sentiment.words[text.language];
  const stemWeights = lexicon.sentiment.stems[text.language];
  let sum = 0;
  let boost = 1;
  for (let i = 0; i < text.tokens.length; i++) {
    const token = text.tokens[i];
    if (token === SENTENCE_END) {
      boost = 1;
      continue;
    }
    if (intensifiers.has(token) && !words.has(token)) {
      boost = INTENSIFIER;
      continue;
    }
    const w = words.get(token) ?? stemWeights.get(text.stems[i]);
    if (w === undefined || w === 0) continue;
    sum += (text.negated[i] ? w * NEGATED_WEIGHT : w) * boost;
    boost = 1;
  }
  for (const p of phrases) if ((p.language === null || p.language === text.language) && text.joined.includes(p.folded)) sum += p.weight;
  if (NON_ASCII.test(text.raw)) for (const [emoji, weight] of emojis) if (text.raw.includes(emoji)) sum += weight;
  const bangs = Math.min(3, (text.raw.match(/!/g) ?? []).length);
  if (sum !== 0 && bangs > 0) sum += Math.sign(sum) * 0.3 * bangs;
  if (sum !== 0 && /[A-ZÀ-Ý]{4,}/.test(text.raw) && text.raw !== text.raw.toLowerCase()) sum += Math.sign(sum) * 0.5;
  return fromSum(sum);
}

const NON_ASCII = /[^\u0000-\u024f]/;

/** Same squashing as VADER: score = x / sqrt(x² + α). */
export function fromSum(sum: number): Sentiment {
  const score = Math.round((sum / Math.sqrt(sum * sum + 15)) * 1000) / 1000;
  const label: SentimentLabel = score <= NEGATIVE_THRESHOLD ? 'negative' : score >= POSITIVE_THRESHOLD ? 'positive' : 'neutral';
  return { score, label };
}
