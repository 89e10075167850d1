import crisisData from './lexicons/crisis.json';
import cuesData from './lexicons/cues.json';
import intentData from './lexicons/intent.json';
import languageData from './lexicons/language.json';
import sentimentData from './lexicons/sentiment.json';
import { LANGUAGES, type Language, type PreparedText, stem, words } from './text';

const other = (l: Language): Language => (l === 'fr' ? 'en' : 'fr');

export const INTENTS = ['after_sales', 'question', 'complaint', 'praise', 'spam'] as const;
export type LexiconIntent = (typeof INTENTS)[number];
export const CRISIS_LISTS = [
  'safety',
  'safetyWeak',
  'legal',
  'identityWeak',
  'bodyParts',
  'harm',
  'hazardProducts',
  'persons',
  'symptoms',
  'allergens',
  'allergenIncident',
  'reputation',
  'reputationWeak',
  'media',
  'mediaContact',
  'press',
  'pressAuthors',
  'officialAuthors',
  'mistreatment',
  'claims',
  'claimDenied',
  'paymentData',
  'dataMisuse',
  'heatSources',
  'overheat',
  'foreignObjects',
  'food',
  'allergenWarning',
  'medication',
  'medicationError',
  'relief',
  'danger',
  'care',
  'warning',
  'alert',
] as const;
export type CrisisList = (typeof CRISIS_LISTS)[number];
/** Clues that are no intent or signal by themselves but decide one together with others. */
export const CUE_LISTS = [
  'problem',
  'defectWeak',
  'workingStates',
  'products',
  'usage',
  'purchased',
  'agents',
  'caseTopics',
  'preSales',
  'notYetBought',
  'hypothetical',
  'request',
  'sarcasm',
  'quantities',
  'cause',
  'idioms',
  'resolved',
] as const;
export type CueList = (typeof CUE_LISTS)[number];

/** Terms of one list, by the language they are written in (their stems come from that language). */
export type TermLists = Record<Language, string[]>;

/** The lexicon as written in the JSON files, and the shape of a workspace's extension. */
export interface LexiconData {
  intents: Record<LexiconIntent, TermLists>;
  sentiment: {
    negators: string[];
    postNegators: string[];
    scopeBreakers: string[];
    intensifiers: string[];
    /** Words of either language ("super", "horrible"). */
    words: Record<string, number>;
    /** Words of one language ("hâte", "sale" in French; "hate", "lame" in English): weighed, and stemmed, in a message of that language only. */
    byLanguage?: Partial<Record<Language, Record<string, number>>>;
    emojis: Record<string, number>;
  };
  crisis: Record<CrisisList, TermLists>;
  cues: Record<CueList, TermLists>;
  language: Record<Language, string[]>;
}

export interface LexiconExtension {
  intents?: Partial<Record<LexiconIntent, Partial<TermLists>>>;
  sentiment?: { negators?: string[]; intensifiers?: string[]; words?: Record<string, number> };
  crisis?: Partial<Record<CrisisList, Partial<TermLists>>>;
  cues?: Partial<Record<CueList, Partial<TermLists>>>;
}

function strip<T extends Record<string, unknown>>(data: T): Omit<T, '$comment'> {
  const { $comment: _, ...rest } = data as T & { $comment?: string };
  return rest;
}

export const BASE_LEXICON: LexiconData = {
  intents: strip(intentData) as Record<LexiconIntent, TermLists>,
  sentiment: strip(sentimentData) as LexiconData['sentiment'],
  crisis: strip(crisisData) as Record<CrisisList, TermLists>,
  cues: strip(cuesData) as Record<CueList, TermLists>,
  language: strip(languageData) as Record<Language, string[]>,
};

const uniq = (a: string[] = [], b: string[] = []) => [...new Set([...a, ...b])];
const mergeLists = (a: TermLists, b: Partial<TermLists> | undefined): TermLists => ({ fr: uniq(a.fr, b?.fr), en: uniq(a.en, b?.en) });
function mergeGroup<K extends string>(keys: readonly K[], base: Record<K, TermLists>, ext: Partial<Record<K, Partial<TermLists>>> | undefined) {
  const out = { ...base };
  for (const k of keys) out[k] = mergeLists(base[k] ?? { fr: [], en: [] }, ext?.[k]);
  return out;
}

/** A workspace's weight for a word replaces the base one in both languages. */
function withoutWords(byLanguage: LexiconData['sentiment']['byLanguage'], replaced: string[]): LexiconData['sentiment']['byLanguage'] {
  if (!byLanguage || replaced.length === 0) return byLanguage;
  const gone = new Set(replaced.flatMap((w) => words(w)));
  const keep = (list: Record<string, number> = {}) => Object.fromEntries(Object.entries(list).filter(([w]) => !words(w.replace(/^=/, '')).every((t) => gone.has(t))));
  return { fr: keep(byLanguage.fr), en: keep(byLanguage.en) };
}

/** Base lexicon plus a workspace's additions (additions only: a workspace cannot remove base terms, it can re-weight words). */
export function mergeLexicon(base: LexiconData, ext: LexiconExtension | null | undefined): LexiconData {
  if (!ext) return base;
  return {
    intents: mergeGroup(INTENTS, base.intents, ext.intents),
    crisis: mergeGroup(CRISIS_LISTS, base.crisis, ext.crisis),
    cues: mergeGroup(CUE_LISTS, base.cues, ext.cues),
    sentiment: {
      ...base.sentiment,
      negators: uniq(base.sentiment.negators, ext.sentiment?.negators),
      intensifiers: uniq(base.sentiment.intensifiers, ext.sentiment?.intensifiers),
      words: { ...base.sentiment.words, ...ext.sentiment?.words },
      byLanguage: withoutWords(base.sentiment.byLanguage, Object.keys(ext.sentiment?.words ?? {})),
    },
    language: base.language,
  };
}

/** Every list the matcher knows, as one numbering. */
export const LISTS = [...INTENTS.map((k) => `intents.${k}`), ...CRISIS_LISTS.map((k) => `crisis.${k}`), ...CUE_LISTS.map((k) => `cues.${k}`)] as const;
export type ListName = LexiconIntent | CrisisList | CueList;
const LIST_ID = new Map<string, number>(LISTS.map((name, i) => [name.slice(name.indexOf('.') + 1), i]));
export const listId = (name: ListName): number => LIST_ID.get(name)!;

/** One term found in a message: the words it covers, [start, end). */
export interface Hit {
  term: string;
  start: number;
  end: number;
}

interface Entry {
  list: number;
  term: string;
  /** Set for lists whose words only count in a message of their language ("main" is a hand in French only). */
  language: Language | null;
  /** Further words (folded, or stems of the term's language) after the first; empty for one word. */
  rest: string[];
  /** The folded word, for typo-tolerant single words. */
  word?: string;
  /** Whether one mistyped letter is forgiven too, not only one missing, added or swapped. */
  substitution?: boolean;
}

/** Lists of common words that mean something else in the other language ("main", "son", "six", "on"). */
const LANGUAGE_BOUND = new Set(
  (
    [
      'bodyParts',
      'harm',
      'persons',
      'symptoms',
      'quantities',
      'mistreatment',
      'claimDenied',
      'heatSources',
      'overheat',
      'foreignObjects',
      'food',
      'allergenWarning',
      'medicationError',
      'relief',
      'question',
      'usage',
      'request',
      'sarcasm',
      'idioms',
      'preSales',
      'notYetBought',
      'hypothetical',
      'mediaContact',
      'workingStates',
      'cause',
    ] as const
  ).map((k) =>
    LISTS.indexOf(`${CRISIS_LISTS.includes(k as CrisisList) ? 'crisis' : INTENTS.includes(k as LexiconIntent) ? 'intents' : 'cues'}.${k}` as never),
  ),
);

/**
 * Every list compiled into one index, so a message is read once whatever the number of lists:
 * single words by folded form (in a message of either language: "mon order", "the livraison")
 * and by stem (the term's language only), phrases by their first word or stem
 * then checked word by word, and `prefix*` terms by their first three letters. A term written
 * with a leading `=` matches the exact word only.
 */
export class Matcher {
  private readonly byWord = new Map<string, Entry[]>();
  private readonly byStem: Record<Language, Map<string, Entry[]>> = { fr: new Map(), en: new Map() };
  private readonly prefixes = new Map<string, { prefix: string; entry: Entry }[]>();
  /** Single words of the typo-tolerant lists and each of them with one letter deleted (SymSpell). */
  private readonly typos = new Map<string, Entry[]>();
  /** Per list, its single words of four letters or more, for names written in one piece. */
  private readonly longWords = new Map<number, [string, string][]>();
  /** Folded single words of every list. */
  readonly vocabulary = new Set<string>();

  add(list: number, term: string, language: Language): void {
    const bound = LANGUAGE_BOUND.has(list) ? language : null;
    if (term.endsWith('*')) {
      const p = words(term.slice(0, -1))[0];
      if (p && p.length >= 3) push(this.prefixes, p.slice(0, 3), { prefix: p, entry: { list, term, language: bound, rest: [] } });
      return;
    }
    const exact = term.startsWith('=');
    const tokens = words(exact ? term.slice(1) : term);
    if (tokens.length === 0) return;
    if (tokens.length === 1) {
      this.vocabulary.add(tokens[0]);
      if (tokens[0].length >= 4) push(this.longWords, list, [tokens[0], term] as [string, string]);
      const rule = TYPO_RULES.get(list);
      if (rule && tokens[0].length >= rule.minTerm) {
        const entry: Entry = { list, term, language: bound, rest: [], word: tokens[0], substitution: rule.substitution };
        push(this.typos, tokens[0], entry);
        for (const d of deletions(tokens[0])) push(this.typos, d, entry);
      }
    }
    push(this.byWord, tokens[0], { list, term, language: bound, rest: tokens.slice(1) });
    if (!exact) {
      const stems = tokens.map((t) => stem(t, language));
      push(this.byStem[language], stems[0], { list, term, language: bound, rest: stems.slice(1) });
    }
  }

  /** Hits per list (indexed by list id), each term once. Lists without hits share one frozen empty array. */
  match(text: PreparedText): Hit[][] {
    const hits: Hit[][] = new Array<Hit[]>(LISTS.length).fill(NO_HITS);
    const { tokens } = text;
    const stems = text.stems;
    const byStem = this.byStem[text.language];
    let found = 0;
    const record = (e: Entry, i: number) => {
      found++;
      let list = hits[e.list];
      if (list === NO_HITS) list = hits[e.list] = [];
      for (const h of list) if (h.term === e.term) return;
      list.push({ term: e.term, start: i, end: i + 1 + e.rest.length });
    };
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      const before = found;
      for (const e of this.byWord.get(t) ?? NONE) {
        if ((e.language === null || e.language === text.language) && (e.rest.length === 0 || follows(tokens, i, e.rest))) record(e, i);
      }
      for (const e of byStem.get(stems[i]) ?? NONE) if (e.rest.length === 0 || follows(stems, i, e.rest)) record(e, i);
      if (t.length >= 3) for (const p of this.prefixes.get(t.slice(0, 3)) ?? NONE_P) if (t.startsWith(p.prefix) && p.entry.language !== other(text.language)) record(p.entry, i);
      if (found === before && t.length >= TYPO_MIN_LENGTH && !this.vocabulary.has(t) && !DIGIT.test(t)) {
        for (const e of this.typo(t)) if (e.language === null || e.language === text.language) record(e, i);
      }
    }
    return hits;
  }

  /**
   * Terms of seven letters or more one typing slip away from an unknown word: a letter missing,
   * added or two swapped ("comande", "pakage", "defetive"), or, in words of nine letters or more,
   * one mistyped ("rembourcement"). The first letter must be right, so "préparation" is not "réparation".
   * Crisis terms are read through a slip only from nine letters and never through a mistyped letter:
   * too many everyday words are one letter from a short one ("sandal"/"scandal", "violet"/"violent",
   * "sipped"/"slipped", "conclusion"/"concussion", "evaluated"/"evacuated").
   */
  private typo(token: string): Entry[] {
    const out: Entry[] = [];
    const consider = (entries: Entry[] | undefined) => {
      for (const e of entries ?? NONE) {
        const folded = e.word!;
        if (folded[0] !== token[0] || out.includes(e)) continue;
        if (folded.length === token.length && !(e.substitution && folded.length >= TYPO_SUBSTITUTION_LENGTH) && !isSwap(folded, token)) continue;
        out.push(e);
      }
    };
    consider(this.typos.get(token));
    for (const d of deletions(token)) consider(this.typos.get(d));
    return out;
  }

  /** Whether a plain string (an author's name or handle) contains one of a list's terms as a word. */
  matchLoose(value: string, list: number): string | null {
    const tokens = words(value.replace(/([a-z])([A-Z])/g, '$1 $2'));
    for (let i = 0; i < tokens.length; i++) {
      for (const e of this.byWord.get(tokens[i]) ?? NONE) if (e.list === list && (e.rest.length === 0 || follows(tokens, i, e.rest))) return e.term;
    }
    // Handles glue words together ("dailybrewnews"): look for the longer terms inside them.
    const compact = tokens.join('');
    for (const [word, term] of this.longWords.get(list) ?? []) if (compact.includes(word)) return term;
    return null;
  }
}

/**
 * Lists whose words are worth recognising through a typo (the ones that route a message), from what
 * length, and whether through a mistyped letter. Shorter terms have too many real words one letter
 * away ("troué"/"trouve", "mouse"/"mousse", "casier"/"cashier").
 */
const TYPO_RULES = new Map<number, { minTerm: number; substitution: boolean }>([
  ...['intents.after_sales', 'cues.problem'].map((n) => [LISTS.indexOf(n as never), { minTerm: 7, substitution: true }] as const),
  ...['crisis.safety', 'crisis.legal', 'crisis.reputation'].map((n) => [LISTS.indexOf(n as never), { minTerm: 9, substitution: false }] as const),
]);
const TYPO_MIN_LENGTH = 6;
const TYPO_SUBSTITUTION_LENGTH = 9;
const DIGIT = /\d/;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Same letters with two neighbours swapped ("recieve"). */
function isSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

const NONE: Entry[] = [];
export const NO_HITS: Hit[] = Object.freeze([]) as unknown as Hit[];
const NONE_P: { prefix: string; entry: Entry }[] = [];

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function follows(haystack: string[], at: number, rest: string[]): boolean {
  if (at + rest.length >= haystack.length) return false;
  for (let j = 0; j < rest.length; j++) if (haystack[at + 1 + j] !== rest[j]) return false;
  return true;
}

export interface CompiledLexicon {
  matcher: Matcher;
  sentiment: {
    negators: Set<string>;
    /** Negators written after what they negate ("content pantoute"). */
    postNegators: Set<string>;
    /** Words that end a negation's reach ("mais", "but"). */
    scopeBreakers: Set<string>;
    intensifiers: Set<string>;
    /** Per message language: folded word → weight, and stem → weight. */
    words: Record<Language, Map<string, number>>;
    stems: Record<Language, Map<string, number>>;
    /** Phrases, and the language they count in (null: both). */
    phrases: { folded: string; weight: number; language: Language | null }[];
    emojis: [string, number][];
  };
  language: Record<Language, Set<string>>;
  /** Every word the lexicon knows, for splitting hashtags ("#jamaisplus"). */
  vocabulary: Set<string>;
}

export function compileLexicon(data: LexiconData): CompiledLexicon {
  const matcher = new Matcher();
  const groups: [readonly string[], Record<string, TermLists>][] = [
    [INTENTS, data.intents],
    [CRISIS_LISTS, data.crisis],
    [CUE_LISTS, data.cues],
  ];
  for (const [keys, lists] of groups) {
    for (const k of keys) for (const l of LANGUAGES) for (const term of lists[k]?.[l] ?? []) matcher.add(listId(k as ListName), term, l);
  }
  // Words of either language count in both and are stemmed by both; a language's own words
  // ("hâte" is French, "hate" English) only in its messages. A leading = weighs the word, not its stem.
  const wordWeights: Record<Language, Map<string, number>> = { fr: new Map(), en: new Map() };
  const stems: Record<Language, Map<string, number>> = { fr: new Map(), en: new Map() };
  const phrases: { folded: string; weight: number; language: Language | null }[] = [];
  const sources: [Record<string, number> | undefined, Language | null][] = [
    [data.sentiment.words, null],
    [data.sentiment.byLanguage?.fr, 'fr'],
    [data.sentiment.byLanguage?.en, 'en'],
  ];
  for (const [list, language] of sources) {
    for (const [term, weight] of Object.entries(list ?? {})) {
      const exact = term.startsWith('=');
      const tokens = words(exact ? term.slice(1) : term);
      if (tokens.length > 1) {
        phrases.push({ folded: ` ${tokens.join(' ')} `, weight, language });
        continue;
      }
      if (tokens.length === 0) continue;
      for (const l of language ? [language] : LANGUAGES) {
        wordWeights[l].set(tokens[0], weight);
        if (exact) continue;
        const s = stem(tokens[0], l);
        // A stem shared by words of opposite weight ("malade" vs "maladie") keeps the stronger one.
        const prev = stems[l].get(s);
        if (prev === undefined || Math.abs(weight) > Math.abs(prev)) stems[l].set(s, weight);
      }
    }
  }
  const toSet = (list: string[] = []) => new Set(list.flatMap((w) => words(w)));
  const single = (list: string[] = []) => list.filter((w) => words(w).length === 1);
  return {
    matcher,
    sentiment: {
      negators: toSet(single(data.sentiment.negators)),
      postNegators: toSet(single(data.sentiment.postNegators)),
      scopeBreakers: toSet(data.sentiment.scopeBreakers),
      intensifiers: toSet(single(data.sentiment.intensifiers)),
      words: wordWeights,
      stems,
      phrases,
      emojis: Object.entries(data.sentiment.emojis ?? {}),
    },
    language: { fr: toSet(data.language.fr), en: toSet(data.language.en) },
    vocabulary: new Set([
      ...matcher.vocabulary,
      ...wordWeights.fr.keys(),
      ...wordWeights.en.keys(),
      ...toSet(data.language.fr),
      ...toSet(data.language.en),
      ...toSet(data.sentiment.negators),
      ...toSet(data.sentiment.intensifiers),
    ]),
  };
}

let baseCompiled: CompiledLexicon | null = null;
export function baseLexicon(): CompiledLexicon {
  baseCompiled ??= compileLexicon(BASE_LEXICON);
  return baseCompiled;
}
