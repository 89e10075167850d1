import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { VARIANTS } from './variants';

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
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/\bcannot\b/g, 'can not')
    // In-laws are one word: "belle-mère" is no "belle", "beau-frère" no "beau" (no praise to negate).
    .replace(/\b(beau|belle|beaux|belles)-(frere|soeur|pere|mere|fils|fille|parents|famille)(s?)\b/g, '$1$2$3');
}

const TOKEN_SPLIT = /[^a-z0-9.,]+/;
/** Kept as a token so negation and phrases stop at the end of a sentence. */
export const SENTENCE_END = '.';
/** Kept as a token so phrases do not run across a comma and a negation stops there ("sans problème, merci"). */
export const CLAUSE_END = ',';

/** Folded words; elisions (j', l', qu') and hyphens split, so "est-ce" is "est ce"; "." ends a sentence, "," a clause. */
export function tokenize(text: string): string[] {
  const tokens = foldText(text).replace(/[.!?;]+/g, ' . ').replace(/,+/g, ' , ').split(TOKEN_SPLIT);
  return tokens.filter((t) => t.length > 0 && (t === SENTENCE_END || t === CLAUSE_END || !(t.includes('.') || t.includes(','))));
}

const HASHTAG = /#([\p{L}\p{N}_]{3,})/gu;
const ELONGATED = /([a-z])\1{2,}/;

/**
 * The words detection reads, for messages and lexicon terms alike: `tokenize`, then spoken and
 * texting spellings made standard ("chu" → "je suis", "pu" → "plus", "dont" → "do not", "thx" →
 * "thanks"), letters stretched for emphasis squeezed ("sooo", "nooon"), and hashtags written in
 * camel case split into words ("#BoycottBrand" → "boycott brand").
 */
/** "nooon" → "non", but an acronym of one repeated letter ("bbb", "www") stays whole. */
function squeeze(raw: string): string {
  if (!ELONGATED.test(raw)) return raw;
  const squeezed = raw.replace(/([a-z])\1{2,}/g, '$1');
  return squeezed.length > 1 ? squeezed : raw;
}

export function words(text: string, vocabulary?: ReadonlySet<string>): string[] {
  const spaced = text.includes('#') ? text.replace(HASHTAG, (_, tag: string) => ` ${splitHashtag(tag, vocabulary)} `) : text;
  const out: string[] = [];
  for (const raw of tokenize(spaced)) {
    const t = squeeze(raw);
    const variant = VARIANTS.get(t);
    if (variant === undefined) out.push(t);
    else if (typeof variant === 'function') out.push(...variant(out[out.length - 1]));
    else out.push(...variant);
  }
  return out;
}

/** "#BoycottBrand" → "Boycott Brand"; "#jamaisplus" → "jamais plus" when the vocabulary knows the pieces. */
function splitHashtag(tag: string, vocabulary: ReadonlySet<string> | undefined): string {
  const camel = tag.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/_/g, ' ');
  if (camel !== tag || !vocabulary || tag.length < 7) return camel;
  const folded = foldText(tag);
  const parts: string[] = [];
  let at = 0;
  while (at < folded.length) {
    let end = Math.min(folded.length, at + 20);
    while (end - at >= 3 && !vocabulary.has(folded.slice(at, end))) end--;
    if (end - at < 3) {
      parts.push(folded.slice(at));
      break;
    }
    parts.push(folded.slice(at, end));
    at = end;
  }
  return parts.join(' ');
}

const STEMMERS: Record<Language, Stemmer> = { fr: newStemmer('french'), en: newStemmer('english') };
const STEM_CACHE_LIMIT = 50_000;
const stemCache: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };

/** Snowball stem of a folded token, memoised: social messages reuse a small vocabulary. */
export function stem(token: string, language: Language): string {
  const cache = stemCache[language];
  let s = cache.get(token);
  if (s === undefined) {
    s = token.length <= 2 || /^\d+$/.test(token) ? token : STEMMERS[language].stem(language === 'fr' ? unaccentedFeminine(token) : token);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(token, s);
  }
  return s;
}

/**
 * Snowball's French stemmer reads "-ée(s)" by its accent; on folded words ("arrivee", "facturees")
 * it would keep the ending, so "livrée" and "livré" would not share a stem.
 */
function unaccentedFeminine(token: string): string {
  return token.length > 4 && token.endsWith('ee') ? token.slice(0, -1) : token.length > 5 && token.endsWith('ees') ? token.slice(0, -2) + 's' : token;
}

/** A message prepared once for every lexicon lookup. */
export interface PreparedText {
  raw: string;
  tokens: string[];
  /** Stems in the message's language. */
  stems: string[];
  /** " a b c " so phrases match on word boundaries with a plain `includes`. */
  joined: string;
  language: Language;
  /** Per token: whether a negator governs it ("pas", "never", "pu"…, up to three words on, or "pantoute" after it). */
  negated: boolean[];
}

export function prepare(raw: string, tokens: string[], language: Language, negated: boolean[] = []): PreparedText {
  const stems = tokens.map((t) => stem(t, language));
  return { raw, tokens, stems, joined: ` ${tokens.join(' ')} `, language, negated };
}
