import { type Hit, listId } from './lexicon';
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
export const ORDER_NUMBER = /#\s?\d{3,}|\b\d{5,}\b|\b[a-z]{1,3}-?\d{4,}\b/i;
/** A case to handle is the writer's own: "ma commande", "my order", "j'ai reçu". */
const FIRST_PERSON = new Set(['je', 'j', 'on', 'me', 'm', 'moi', 'ma', 'mon', 'mes', 'nous', 'notre', 'nos', 'i', 'im', 'my', 'mine', 'we', 'our', 'us']);

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
  purchased: listId('purchased'),
  request: listId('request'),
  sarcasm: listId('sarcasm'),
};

const terms = (hits: Hit[]) => hits.map((h) => h.term);

/**
 * What the customer wants. After-sales evidence comes in two strengths: a problem with something
 * bought ("brisé", "never arrived", "charged twice", a working state negated: "ça marche pu")
 * makes a case whatever the tone, sarcastic praise included; topic words ("commande", "refund")
 * make one when the writer speaks of their own purchase and is not simply thanking, and not in a
 * general question asked before buying ("Do you ship to Laval?", "C'est quoi votre politique de retour?").
 */
export function detectIntent(text: PreparedText, hits: Hit[][], sentiment: Sentiment): IntentResult {
  const spam = terms(hits[L.spam]);
  const hasUrl = URL.test(text.raw);
  if (spam.length >= 2 || (spam.length >= 1 && hasUrl)) return { intent: 'spam', evidence: spam };

  const topic = terms(hits[L.afterSales]);
  const topicWords = new Set(hits[L.afterSales].map((h) => h.start)).size;
  const problems = problemsOf(text, hits, sentiment, topic.length > 0);
  const question = terms(hits[L.question]);
  const asks = text.raw.includes('?') || question.length > 0;
  const orderNumber = ORDER_NUMBER.test(text.raw);
  const ownCase = orderNumber || text.tokens.some((t) => FIRST_PERSON.has(t));
  const requests = hits[L.request].length > 0;

  if (problems.length > 0) return { intent: 'after_sales', evidence: [...problems, ...topic].slice(0, 8) };
  if (topic.length > 0) {
    // A general question ("Do you deliver to Laval?", "What's your return policy?") is pre-sales, not a case.
    const preSales = hits[L.preSales].length > 0 && hits[L.purchased].length === 0;
    const general = asks && !orderNumber && sentiment.label !== 'negative' && (preSales || (!ownCase && topicWords === 1));
    // "Merci pour la livraison rapide!" mentions delivery but is praise, not a case to handle.
    const thanks = sentiment.label === 'positive' && hits[L.praise].length > 0 && !asks && !requests && hits[L.sarcasm].length === 0;
    if (!general && !thanks) {
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
 * Problems with a purchase: problem terms not negated ("rien de brisé" is none), working states
 * negated ("n'est jamais arrivé", "doesn't turn on", "pas de suivi"), and weak defect words
 * ("grince", "stuck") when something bought, the writer's own thing, its age or a bad mood goes with them.
 */
function problemsOf(text: PreparedText, hits: Hit[][], sentiment: Sentiment, topic: boolean): string[] {
  const found: string[] = [];
  for (const h of hits[L.problem]) if (!text.negated[h.start]) found.push(h.term);
  for (const h of hits[L.workingStates]) if (text.negated[h.start]) found.push(`not ${h.term}`);
  const weak = hits[L.defectWeak].filter((h) => !text.negated[h.start]);
  if (weak.length > 0) {
    const own = text.tokens.some((t) => FIRST_PERSON.has(t));
    const supported = weak.length >= 2 || own || topic || sentiment.label === 'negative' || hits[L.products].length > 0 || hits[L.usage].length > 0;
    if (supported) found.push(...terms(weak));
  }
  return found;
}
