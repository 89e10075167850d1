import { newStemmer, type Stemmer } from 'snowball-stemmers';

export type Language = 'fr' | 'en';
export const LANGUAGES: readonly Language[] = ['fr', 'en'];

/** Lower case, no accents, typographic apostrophes made plain, English "n't" spelled out. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/n't\b/g, ' not')
    .replace(/\bcannot\b/g, 'can not');
}

const TOKEN_SPLIT = /[^a-z0-9.]+/;
/** Kept as a token so negation and phrases stop at the end of a sentence. */
export const SENTENCE_END = '.';

/** Folded words; elisions (j', l', qu') and hyphens split, so "est-ce" is "est ce". */
export function tokenize(text: string): string[] {
  const tokens = foldText(text).replace(/[.!?;]+/g, ' . ').split(TOKEN_SPLIT);
  return tokens.filter((t) => t.length > 0 && (t === SENTENCE_END || !t.includes('.')));
}

const STEMMERS: Record<Language, Stemmer> = { fr: newStemmer('french'), en: newStemmer('english') };
const STEM_CACHE_LIMIT = 50_000;
const stemCache: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };

/** Snowball stem of a folded token, memoised: social messages reuse a small vocabulary. */
export function stem(token: string, language: Language): string {
  const cache = stemCache[language];
  let s = cache.get(token);
  if (s === undefined) {
    s = token.length <= 2 || /^\d+$/.test(token) ? token : STEMMERS[language].stem(token);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(token, s);
  }
  return s;
}

/** A message prepared once for every lexicon lookup. */
export interface PreparedText {
  raw: string;
  tokens: string[];
  stems: string[];
  /** " a b c " so phrases match on word boundaries with a plain `includes`. */
  joined: string;
  joinedStems: string;
  language: Language;
}

export function prepare(raw: string, tokens: string[], language: Language): PreparedText {
  const stems = tokens.map((t) => stem(t, language));
  return { raw, tokens, stems, joined: ` ${tokens.join(' ')} `, joinedStems: ` ${stems.join(' ')} `, language };
}
