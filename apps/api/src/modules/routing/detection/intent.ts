import type { CompiledLexicon } from './lexicon';
import type { Sentiment } from './sentiment';
import type { PreparedText } from './text';

export const DETECTED_INTENTS = ['after_sales', 'question', 'complaint', 'praise', 'spam', 'other'] as const;
export type Intent = (typeof DETECTED_INTENTS)[number];

export interface IntentResult {
  intent: Intent;
  /** The lexicon terms that decided it, for the "why" of a preview. */
  evidence: string[];
}

const URL = /https?:\/\/|www\.|\.(com|ca|net|io|ly)\/\S/i;
const ORDER_NUMBER = /#\s?\d{3,}|\b\d{5,}\b/;
/** A case to handle is the writer's own: "ma commande", "my order", "j'ai reçu". */
const FIRST_PERSON = new Set(['je', 'j', 'jai', 'chu', 'on', 'me', 'm', 'moi', 'ma', 'mon', 'mes', 'nous', 'notre', 'nos', 'i', 'im', 'ive', 'my', 'mine', 'we', 'our', 'us']);

export function detectIntent(text: PreparedText, sentiment: Sentiment, lexicon: CompiledLexicon): IntentResult {
  const afterSales = lexicon.intents.after_sales.match(text);
  const spam = lexicon.intents.spam.match(text);
  const hasUrl = URL.test(text.raw);
  if (spam.length >= 2 || (spam.length >= 1 && hasUrl)) return { intent: 'spam', evidence: spam };

  const question = lexicon.intents.question.match(text, 3);
  const asks = text.raw.includes('?') || question.length > 0;
  // A general question ("Do you deliver to Laval?", "What's your return policy?") is pre-sales, not a case.
  const ownCase = text.tokens.some((t) => FIRST_PERSON.has(t)) || ORDER_NUMBER.test(text.raw);
  const generalQuestion = asks && !ownCase && afterSales.length === 1 && sentiment.label !== 'negative';
  // "Merci pour la livraison rapide!" mentions delivery but is praise, not a case to handle.
  if (afterSales.length > 0 && !generalQuestion && (sentiment.label !== 'positive' || asks || afterSales.length >= 2)) {
    return { intent: 'after_sales', evidence: afterSales };
  }
  const complaint = lexicon.intents.complaint.match(text, 3);
  if (complaint.length > 0 && sentiment.label !== 'positive') return { intent: 'complaint', evidence: complaint };
  if (sentiment.label === 'negative' && !text.raw.includes('?')) return { intent: 'complaint', evidence: [] };
  if (asks) return { intent: 'question', evidence: question.length ? question : ['?'] };
  const praise = lexicon.intents.praise.match(text, 3);
  if (praise.length > 0 || sentiment.label === 'positive') return { intent: 'praise', evidence: praise };
  if (sentiment.label === 'negative') return { intent: 'complaint', evidence: [] };
  return { intent: 'other', evidence: [] };
}
