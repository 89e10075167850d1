import type { RoutingCategory } from '@babillard/contracts';
import { detectCrisisSignals, withoutIdioms, type AuthorFacts, type CrisisSignal } from './crisis-signals';
import { detectIntent, type Intent } from './intent';
import { detectLanguage, type DetectedLanguage } from './language';
import { baseLexicon, type CompiledLexicon } from './lexicon';
import { negationScope, scoreSentiment, type Sentiment } from './sentiment';
import { prepare, words } from './text';

export interface AnalysisInput {
  text: string;
  author?: AuthorFacts;
  highReachFollowers?: number;
}

export interface MessageAnalysis {
  category: RoutingCategory;
  language: DetectedLanguage;
  intent: Intent;
  sentiment: Sentiment;
  crisisSignals: CrisisSignal[];
  /** Whether the message should count toward a crisis spike and join an open incident. */
  crisisCandidate: boolean;
  /** Lexicon terms behind the intent and signals, for explanations. */
  evidence: { intent: string[]; crisis: string[] };
}

const AMPLIFIERS: CrisisSignal[] = ['press', 'official', 'high_reach', 'verified'];

export function categorize(intent: Intent, sentiment: Sentiment, signals: CrisisSignal[]): RoutingCategory {
  const has = (s: CrisisSignal) => signals.includes(s);
  if (intent !== 'spam') {
    if (has('safety') || has('legal')) return 'crisis';
    if (has('reputation') && sentiment.label !== 'positive') return 'crisis';
    // A newsroom or a public body asking anything but to say thanks is the crisis team's call
    // ("j'aimerais vous parler de l'accident" is no thanks, though "aimer" is a praise word).
    if ((has('press') || has('official')) && (intent !== 'praise' || sentiment.label !== 'positive')) return 'crisis';
    if (AMPLIFIERS.some(has) && has('strong_negativity')) return 'crisis';
  }
  return intent === 'after_sales' ? 'after_sales' : 'other';
}

/** Everything Babillard reads from one message: pure, no I/O, some tens of microseconds. */
export function analyzeMessage(input: AnalysisInput, lexicon: CompiledLexicon = baseLexicon()): MessageAnalysis {
  const tokens = words(input.text, lexicon.vocabulary);
  const language = detectLanguage(input.text, tokens, lexicon);
  const prepared = prepare(input.text, tokens, language === 'und' ? 'fr' : language, negationScope(tokens, lexicon));
  const hits = withoutIdioms(lexicon.matcher.match(prepared));
  const sentiment = scoreSentiment(prepared, lexicon);
  const intent = detectIntent(prepared, hits, sentiment);
  const crisis = detectCrisisSignals(prepared, hits, sentiment, input.author ?? {}, input.highReachFollowers ?? 10_000, lexicon, intent.intent);
  const category = categorize(intent.intent, sentiment, crisis.signals);
  return {
    category,
    language,
    intent: intent.intent,
    sentiment,
    crisisSignals: crisis.signals,
    crisisCandidate: category === 'crisis' || crisis.signals.includes('strong_negativity'),
    evidence: { intent: intent.evidence, crisis: crisis.evidence },
  };
}
