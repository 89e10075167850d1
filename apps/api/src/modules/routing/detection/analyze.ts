import type { RoutingCategory } from '@babillard/contracts';
import { detectCrisisSignals, withoutIdioms, type AuthorFacts, type CrisisSignal } from './crisis-signals';
import { detectIntent, type Intent } from './intent';
import { detectLanguage, type DetectedLanguage } from './language';
import { baseLexicon, type CompiledLexicon } from './lexicon';
import { negationScope, scoreSentiment, type Sentiment } from './sentiment';
import { crisisVeto, type DetectorReading, modelFeatures } from './model/features';
import { combine, type ModelProbabilities, routingModel } from './model/model';
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
  /** The rule-based detector's category alone, before the learned layer had its say. */
  detectorCategory: RoutingCategory;
  /** The learned layer's probability per category (`detection/model/`). */
  model: ModelProbabilities;
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

/** The rule-based detector alone: language, sentiment, intent, crisis signals and its category. */
export function readMessage(input: AnalysisInput, lexicon: CompiledLexicon = baseLexicon()): DetectorReading & { language: DetectedLanguage; evidence: MessageAnalysis['evidence'] } {
  const tokens = words(input.text, lexicon.vocabulary);
  const language = detectLanguage(input.text, tokens, lexicon);
  const prepared = prepare(input.text, tokens, language === 'und' ? 'fr' : language, negationScope(tokens, lexicon));
  const hits = withoutIdioms(lexicon.matcher.match(prepared));
  const sentiment = scoreSentiment(prepared, lexicon);
  const intent = detectIntent(prepared, hits, sentiment);
  const author = input.author ?? {};
  const highReachFollowers = input.highReachFollowers ?? 10_000;
  const crisis = detectCrisisSignals(prepared, hits, sentiment, author, highReachFollowers, lexicon, intent.intent);
  return {
    prepared,
    hits,
    sentiment,
    intent: intent.intent,
    signals: crisis.signals,
    category: categorize(intent.intent, sentiment, crisis.signals),
    author,
    highReachFollowers,
    language,
    evidence: { intent: intent.evidence, crisis: crisis.evidence },
  };
}

/**
 * Everything Babillard reads from one message: pure, no I/O, some tens of microseconds. The
 * detector reads the message, then the learned layer (`model/`) scores the same reading and the
 * two decide the category together (`combine`). Spam stays other whatever the model says.
 */
export function analyzeMessage(input: AnalysisInput, lexicon: CompiledLexicon = baseLexicon()): MessageAnalysis {
  const r = readMessage(input, lexicon);
  const model = routingModel();
  const probabilities = model.predict(modelFeatures(r));
  const category = r.intent === 'spam' ? r.category : combine(r.category, probabilities, model.thresholds, crisisVeto(r));
  return {
    category,
    language: r.language,
    intent: r.intent,
    sentiment: r.sentiment,
    crisisSignals: r.signals,
    crisisCandidate: category === 'crisis' || r.signals.includes('strong_negativity'),
    evidence: r.evidence,
    detectorCategory: r.category,
    model: probabilities,
  };
}
