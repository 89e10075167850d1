import { detectAll } from 'tinyld';
import type { CompiledLexicon } from './lexicon';
import type { Language } from './text';

export type DetectedLanguage = Language | 'und';

/**
 * French or English. Function words settle most messages at once; short or mixed ones go to
 * tinyld's n-gram model (restricted to the two languages Babillard serves).
 */
export function detectLanguage(raw: string, tokens: string[], lexicon: CompiledLexicon): DetectedLanguage {
  if (tokens.length === 0) return 'und';
  let fr = 0;
  let en = 0;
  for (const t of tokens) {
    if (lexicon.language.fr.has(t)) fr++;
    if (lexicon.language.en.has(t)) en++;
  }
  if (fr >= 2 && fr >= 2 * en + 1) return 'fr';
  if (en >= 2 && en >= 2 * fr + 1) return 'en';
  const ranked = detectAll(raw, { only: ['fr', 'en'] });
  if (ranked.length > 0) return ranked[0].lang === 'en' ? 'en' : 'fr';
  if (fr !== en) return fr > en ? 'fr' : 'en';
  return 'und';
}
