import type { CompiledLexicon } from './lexicon';
import { SENTENCE_END, type PreparedText } from './text';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export interface Sentiment {
  /** -1 … 1 */
  score: number;
  label: SentimentLabel;
}

const NEGATION_SPAN = 3;
const NEGATED_WEIGHT = -0.75;
const INTENSIFIER = 1.5;
export const NEGATIVE_THRESHOLD = -0.15;
export const POSITIVE_THRESHOLD = 0.15;
/** At or under this score a message counts as strongly negative (a crisis signal). */
export const STRONG_NEGATIVE = -0.6;

/**
 * Lexicon sentiment with negation: a negator flips the sentiment words in the next three words
 * ("pas content", "not happy at all", "jamais satisfait"), an intensifier strengthens the next one.
 */
export function scoreSentiment(text: PreparedText, lexicon: CompiledLexicon): Sentiment {
  const { negators, intensifiers, words, stems, phrases } = lexicon.sentiment;
  const stemWeights = stems[text.language];
  let sum = 0;
  let negatedUntil = -1;
  let boost = 1;
  for (let i = 0; i < text.tokens.length; i++) {
    const token = text.tokens[i];
    if (token === SENTENCE_END) {
      negatedUntil = -1;
      boost = 1;
      continue;
    }
    if (negators.has(token)) {
      negatedUntil = i + NEGATION_SPAN;
      continue;
    }
    if (intensifiers.has(token) && !words.has(token)) {
      boost = INTENSIFIER;
      continue;
    }
    const w = words.get(token) ?? stemWeights.get(text.stems[i]);
    if (w === undefined || w === 0) continue;
    sum += (i <= negatedUntil ? w * NEGATED_WEIGHT : w) * boost;
    boost = 1;
  }
  for (const p of phrases) if (text.joined.includes(p.folded)) sum += p.weight;
  const bangs = Math.min(3, (text.raw.match(/!/g) ?? []).length);
  if (sum !== 0 && bangs > 0) sum += Math.sign(sum) * 0.3 * bangs;
  if (sum !== 0 && /[A-ZÀ-Ý]{4,}/.test(text.raw) && text.raw !== text.raw.toLowerCase()) sum += Math.sign(sum) * 0.5;
  // Same squashing as VADER: score = x / sqrt(x² + α).
  const score = Math.round((sum / Math.sqrt(sum * sum + 15)) * 1000) / 1000;
  const label: SentimentLabel = score <= NEGATIVE_THRESHOLD ? 'negative' : score >= POSITIVE_THRESHOLD ? 'positive' : 'neutral';
  return { score, label };
}
