import type { CompiledLexicon } from './lexicon';
import { STRONG_NEGATIVE, type Sentiment } from './sentiment';
import type { PreparedText } from './text';

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

export function detectCrisisSignals(
  text: PreparedText,
  sentiment: Sentiment,
  author: AuthorFacts,
  highReachFollowers: number,
  lexicon: CompiledLexicon,
): CrisisSignalsResult {
  const signals = new Set<CrisisSignal>();
  const evidence: string[] = [];
  const add = (signal: CrisisSignal, found: string[]) => {
    if (found.length === 0) return;
    signals.add(signal);
    evidence.push(...found);
  };
  add('safety', lexicon.crisis.safety.match(text, 3));
  const body = lexicon.crisis.bodyParts.match(text, 1);
  if (body.length) {
    const harm = lexicon.crisis.harm.match(text, 1);
    if (harm.length) add('safety', [`${harm[0]} + ${body[0]}`]);
  }
  add('legal', lexicon.crisis.legal.match(text, 3));
  add('reputation', lexicon.crisis.reputation.match(text, 3));
  add('press', lexicon.crisis.press.match(text, 3));
  for (const value of [author.name, author.handle]) {
    if (!value) continue;
    const press = lexicon.crisis.pressAuthors.matchLoose(value);
    if (press) add('press', [`author: ${press}`]);
    const official = lexicon.crisis.officialAuthors.matchLoose(value);
    if (official) add('official', [`author: ${official}`]);
  }
  if (sentiment.score <= STRONG_NEGATIVE) signals.add('strong_negativity');
  if ((author.followers ?? 0) >= highReachFollowers) signals.add('high_reach');
  if (author.verified) signals.add('verified');
  // Weak safety words ("allergic", "fire", "rappel") count only alongside distress or another signal.
  if (sentiment.label === 'negative' || signals.size > 0) {
    if (!signals.has('safety')) add('safety', lexicon.crisis.safetyWeak.match(text, 3));
    // Who someone is ("enceinte", "wheelchair") is discrimination only when the message complains.
    if (!signals.has('legal')) add('legal', lexicon.crisis.identityWeak.match(text, 3));
  }
  return { signals: CRISIS_SIGNALS.filter((s) => signals.has(s)), evidence };
}
