import crisisData from './lexicons/crisis.json';
import intentData from './lexicons/intent.json';
import languageData from './lexicons/language.json';
import sentimentData from './lexicons/sentiment.json';
import { LANGUAGES, type Language, type PreparedText, stem, tokenize } from './text';

export const INTENTS = ['after_sales', 'question', 'complaint', 'praise', 'spam'] as const;
export type LexiconIntent = (typeof INTENTS)[number];
export const CRISIS_LISTS = ['safety', 'safetyWeak', 'legal', 'identityWeak', 'bodyParts', 'harm', 'reputation', 'press', 'pressAuthors', 'officialAuthors'] as const;
export type CrisisList = (typeof CRISIS_LISTS)[number];

/** The lexicon as written in the JSON files, and the shape of a workspace's extension. */
/** Terms of one list, by the language they are written in (their stems come from that language). */
export type TermLists = Record<Language, string[]>;

export interface LexiconData {
  intents: Record<LexiconIntent, TermLists>;
  sentiment: { negators: string[]; intensifiers: string[]; words: Record<string, number> };
  crisis: Record<CrisisList, TermLists>;
  language: Record<Language, string[]>;
}

export interface LexiconExtension {
  intents?: Partial<Record<LexiconIntent, Partial<TermLists>>>;
  sentiment?: { negators?: string[]; intensifiers?: string[]; words?: Record<string, number> };
  crisis?: Partial<Record<CrisisList, Partial<TermLists>>>;
}

function strip<T extends Record<string, unknown>>(data: T): Omit<T, '$comment'> {
  const { $comment: _, ...rest } = data as T & { $comment?: string };
  return rest;
}

export const BASE_LEXICON: LexiconData = {
  intents: strip(intentData) as Record<LexiconIntent, TermLists>,
  sentiment: strip(sentimentData) as LexiconData['sentiment'],
  crisis: strip(crisisData) as Record<CrisisList, TermLists>,
  language: strip(languageData) as Record<Language, string[]>,
};

const uniq = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])];
const mergeLists = (a: TermLists, b: Partial<TermLists> | undefined): TermLists => ({ fr: uniq(a.fr, b?.fr), en: uniq(a.en, b?.en) });

/** Base lexicon plus a workspace's additions (additions only: a workspace cannot remove base terms, it can re-weight words). */
export function mergeLexicon(base: LexiconData, ext: LexiconExtension | null | undefined): LexiconData {
  if (!ext) return base;
  const intents = { ...base.intents };
  for (const k of INTENTS) intents[k] = mergeLists(base.intents[k], ext.intents?.[k]);
  const crisis = { ...base.crisis };
  for (const k of CRISIS_LISTS) crisis[k] = mergeLists(base.crisis[k], ext.crisis?.[k]);
  return {
    intents,
    crisis,
    sentiment: {
      negators: uniq(base.sentiment.negators, ext.sentiment?.negators),
      intensifiers: uniq(base.sentiment.intensifiers, ext.sentiment?.intensifiers),
      words: { ...base.sentiment.words, ...ext.sentiment?.words },
    },
    language: base.language,
  };
}

/**
 * A list of terms ready to match: single words by folded form and by stem (per language),
 * phrases by folded and stemmed word sequence, and `prefix*` terms.
 */
export class TermSet {
  private readonly words = new Map<string, string>();
  private readonly stems: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };
  private readonly prefixes: [string, string][] = [];
  /** Phrases indexed by their first word (folded) and first stem, checked word by word. */
  private readonly phrasesByWord = new Map<string, Phrase[]>();
  private readonly phrasesByStem: Record<Language, Map<string, Phrase[]>> = { fr: new Map(), en: new Map() };

  constructor(lists: TermLists) {
    for (const l of LANGUAGES) for (const term of lists[l] ?? []) this.add(term, l);
  }

  private add(term: string, language: Language): void {
    if (term.endsWith('*')) {
      const p = tokenize(term.slice(0, -1))[0];
      if (p) this.prefixes.push([p, term]);
      return;
    }
    const exact = term.startsWith('=');
    const tokens = tokenize(exact ? term.slice(1) : term);
    if (tokens.length === 0) return;
    if (tokens.length === 1) {
      this.words.set(tokens[0], term);
      if (!exact) this.stems[language].set(stem(tokens[0], language), term);
      return;
    }
    const phrase: Phrase = { term, words: tokens, stems: tokens.map((t) => stem(t, language)) };
    push(this.phrasesByWord, tokens[0], phrase);
    push(this.phrasesByStem[language], phrase.stems[0], phrase);
  }

  /** The terms found in the text (each once), up to `limit`. */
  match(text: PreparedText, limit = 8): string[] {
    const found = new Set<string>();
    const stems = this.stems[text.language];
    const phraseStems = this.phrasesByStem[text.language];
    const { tokens } = text;
    for (let i = 0; i < tokens.length && found.size < limit; i++) {
      const hit = this.words.get(tokens[i]) ?? stems.get(text.stems[i]);
      if (hit !== undefined) found.add(hit);
      else {
        for (const [p, term] of this.prefixes) {
          if (tokens[i].startsWith(p)) {
            found.add(term);
            break;
          }
        }
      }
      for (const p of this.phrasesByWord.get(tokens[i]) ?? []) if (sequenceAt(tokens, i, p.words)) found.add(p.term);
      for (const p of phraseStems.get(text.stems[i]) ?? []) if (sequenceAt(text.stems, i, p.stems)) found.add(p.term);
    }
    return [...found].slice(0, limit);
  }

  /** Whether a plain string (an author's name or handle) contains one of the terms as a word. */
  matchLoose(value: string): string | null {
    const tokens = tokenize(value.replace(/([a-z])([A-Z])/g, '$1 $2'));
    for (let i = 0; i < tokens.length; i++) {
      const hit = this.words.get(tokens[i]);
      if (hit) return hit;
      for (const p of this.phrasesByWord.get(tokens[i]) ?? []) if (sequenceAt(tokens, i, p.words)) return p.term;
    }
    // Handles glue words together ("dailybrewnews"): look for the longer terms inside them.
    const compact = tokens.join('');
    for (const [word, term] of this.words) if (word.length >= 4 && compact.includes(word)) return term;
    return null;
  }
}

interface Phrase {
  term: string;
  words: string[];
  stems: string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function sequenceAt(haystack: string[], at: number, needle: string[]): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let j = 1; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false;
  return true;
}

export interface CompiledLexicon {
  intents: Record<LexiconIntent, TermSet>;
  crisis: Record<CrisisList, TermSet>;
  sentiment: {
    negators: Set<string>;
    intensifiers: Set<string>;
    /** folded word → weight, and per-language stem → weight. */
    words: Map<string, number>;
    stems: Record<Language, Map<string, number>>;
    phrases: { folded: string; weight: number }[];
  };
  language: Record<Language, Set<string>>;
}

export function compileLexicon(data: LexiconData): CompiledLexicon {
  const intents = {} as Record<LexiconIntent, TermSet>;
  for (const k of INTENTS) intents[k] = new TermSet(data.intents[k] ?? { fr: [], en: [] });
  const crisis = {} as Record<CrisisList, TermSet>;
  for (const k of CRISIS_LISTS) crisis[k] = new TermSet(data.crisis[k] ?? { fr: [], en: [] });
  const words = new Map<string, number>();
  const stems: Record<Language, Map<string, number>> = { fr: new Map(), en: new Map() };
  const phrases: { folded: string; weight: number }[] = [];
  for (const [term, weight] of Object.entries(data.sentiment.words)) {
    const tokens = tokenize(term);
    if (tokens.length === 1) {
      words.set(tokens[0], weight);
      for (const l of LANGUAGES) {
        const s = stem(tokens[0], l);
        // A stem shared by words of opposite weight ("malade" vs "maladie") keeps the stronger one.
        const prev = stems[l].get(s);
        if (prev === undefined || Math.abs(weight) > Math.abs(prev)) stems[l].set(s, weight);
      }
    } else if (tokens.length > 1) {
      phrases.push({ folded: ` ${tokens.join(' ')} `, weight });
    }
  }
  const toSet = (list: string[]) => new Set(list.flatMap((w) => tokenize(w)));
  return {
    intents,
    crisis,
    sentiment: {
      negators: toSet(data.sentiment.negators.filter((w) => tokenize(w).length === 1)),
      intensifiers: toSet(data.sentiment.intensifiers.filter((w) => tokenize(w).length === 1)),
      words,
      stems,
      phrases,
    },
    language: { fr: toSet(data.language.fr), en: toSet(data.language.en) },
  };
}

let baseCompiled: CompiledLexicon | null = null;
export function baseLexicon(): CompiledLexicon {
  baseCompiled ??= compileLexicon(BASE_LEXICON);
  return baseCompiled;
}
