import type { DataSource, EntityManager } from 'typeorm';
import { pgIso, type QueueCursor } from './queue-cursor';
import { afterCursor, filterConditions, sortClause, tsQueryIn, type QueuePageRequest } from './queue-filter';
import { SqlParams } from './sql-params';

/**
 * How a search finds a page of conversations in queue order. The result is the conversations one of
 * whose messages matches the query (both text search configurations, OR-ed), sorted like the queue.
 * Two ways, each fast where the other is slow:
 *
 * - walk: follow the queue's own index from the cursor and check each conversation's search document
 *   (`conversation_search`, one row of lexemes per conversation, see migration 1764720000000), then
 *   the messages of those whose document matches (a document can hold more: words of several
 *   messages, of edited or moved ones). A term in a share p of the queue fills a page of n after
 *   about n/p conversations, and stops there: the way for common words.
 * - index: list the matching messages through their GIN index, keep their conversations that pass
 *   the filters, sort them. Its cost grows with the number of matching messages: the way for rare words.
 *
 * A search starts with a short walk (`probe` conversations), which fills the page for common words.
 * When it does not, the density it saw tells how many more conversations the page needs, and the
 * planner's estimate of the matching messages (from the vectors' most common lexemes) what the index
 * would cost: the search walks on from where it stopped while that is cheaper (in growing, bounded
 * steps, re-deciding after each), else the index gives the rest of the page, after the last
 * conversation the walk checked. A rare word thus costs a probe and an index lookup; a common one,
 * a walk of a few dozen conversations; and only a query of negations alone (which matches nearly
 * everything) walks without a bound.
 */
export type SearchStrategy = 'walk' | 'index';

export interface QueueSearchOptions {
  /** Conversations checked by the first, probing walk. */
  probe: number;
  /** Most conversations one further walk step checks, and most walk steps before the index takes over. */
  maxWalk: number;
  maxSteps: number;
  /** Relative cost of checking one conversation while walking, against one matching message of the index. */
  walkCost: number;
  /** Tests: always take this way (a forced walk is not bounded). */
  force?: SearchStrategy;
}

/** Tuned on the queue benchmark (1M conversations, 5M messages; see bench/queue). */
export const DEFAULT_SEARCH_OPTIONS: QueueSearchOptions = { probe: 300, maxWalk: 10_000, maxSteps: 3, walkCost: 1 };

/** What one step of a search did (the benchmark prints them). */
export interface SearchStep {
  strategy: SearchStrategy;
  /** Conversations the walk could check (absent: not bounded). */
  budget?: number;
  found: number;
  /** Time the step's query took, in ms. */
  ms: number;
  sql: string;
  params: unknown[];
}

type Db = Pick<EntityManager, 'query'>;

interface ParsedQuery {
  /** The whole query (both configurations OR-ed), as tsquery text. */
  tsquery: string;
  /** A query that the document of every conversation with a matching message matches (negations dropped, phrases as AND); null when there is none. */
  prefilter: string | null;
}

interface WalkRow {
  id: string;
  hit: boolean;
  n: string;
  k_rank: number;
  k_waiting: string | null;
  k_activity: string;
}

/** The index of the quote that closes the quoted lexeme opening at `i` ('' is a quote, a backslash escapes the next character). */
function closingQuote(tsquery: string, i: number): number {
  let j = i + 1;
  while (j < tsquery.length) {
    if (tsquery[j] === '\\') j += 2;
    else if (tsquery[j] === "'" && tsquery[j + 1] === "'") j += 2;
    else if (tsquery[j] === "'") break;
    else j++;
  }
  return j;
}

/**
 * tsquery text with its phrase operators (`<->`, `<N>`) turned into AND, which a document without
 * positions can answer and every phrase match satisfies. Quoted lexemes are copied as they are.
 */
export function phrasesAsAnd(tsquery: string): string {
  let out = '';
  for (let i = 0; i < tsquery.length; ) {
    const ch = tsquery[i];
    if (ch === "'") {
      const j = closingQuote(tsquery, i);
      out += tsquery.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '<') {
      const end = tsquery.indexOf('>', i);
      out += '&';
      i = end < 0 ? tsquery.length : end + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The lexemes of tsquery text that is a plain conjunction (`'a' & 'b' & …`), as written; null for any other shape. */
function conjunction(tsquery: string): string[] | null {
  const lexemes: string[] = [];
  for (let i = 0; ; i++) {
    while (tsquery[i] === ' ') i++;
    if (tsquery[i] !== "'") return null;
    const end = closingQuote(tsquery, i);
    if (end >= tsquery.length) return null;
    lexemes.push(tsquery.slice(i, end + 1));
    i = end + 1;
    while (tsquery[i] === ' ') i++;
    if (i >= tsquery.length) return lexemes;
    if (tsquery[i] !== '&') return null;
  }
}

/**
 * The two configurations' queries OR-ed with the lexemes they share taken out of the OR: `(a & b & c)
 * | (a & b & d)` becomes `a & b & (c | d)`, the same condition, which the GIN index answers faster
 * (bench:queue, "coffee refund grinder" over 5M messages, three interleaved pairs: the index lookup
 * 49-61 ms against 76-80, p95 73-77 ms against 96-99). Null when either query is not a plain
 * conjunction of lexemes (phrases, negations, OR) or they share none.
 */
export function factorSharedLexemes(fr: string, en: string): string | null {
  const a = conjunction(fr);
  const b = conjunction(en);
  if (!a || !b) return null;
  const inB = new Set(b);
  const shared = [...new Set(a)].filter((x) => inB.has(x));
  if (!shared.length) return null;
  const isShared = new Set(shared);
  const ownOf = (side: string[]) => [...new Set(side)].filter((x) => !isShared.has(x));
  const [ownA, ownB] = [ownOf(a), ownOf(b)];
  // a | (a & b) is a: a side with nothing of its own already matches whatever the other side does.
  if (!ownA.length || !ownB.length) return shared.join(' & ');
  return `${shared.join(' & ')} & ( ${ownA.join(' & ')} | ${ownB.join(' & ')} )`;
}

export class QueueSearch {
  /** The steps of the last search, and its estimate of the matching messages (null: not asked). */
  lastSteps: SearchStep[] = [];
  lastEstimate: number | null = null;

  constructor(
    private readonly db: Pick<DataSource, 'transaction'>,
    private readonly options: QueueSearchOptions = DEFAULT_SEARCH_OPTIONS,
  ) {}

  /** Ids of the page's conversations in queue order: at most limit + 1 (the extra one tells that more follow). One transaction. */
  async pageIds(req: QueuePageRequest): Promise<string[]> {
    this.lastSteps = [];
    this.lastEstimate = null;
    return this.db.transaction((em) => this.search(em, req));
  }

  private async search(em: Db, req: QueuePageRequest): Promise<string[]> {
    const parsed = await this.parse(em, req.filter.q ?? '');
    if (!parsed) return [];
    const want = req.limit + 1;
    const { force, probe, maxWalk, maxSteps, walkCost } = this.options;
    // Only negations ("-pizza") leave nothing to look up, and match nearly everything: walk.
    if (force === 'walk' || !parsed.prefilter) return (await this.walk(em, req, parsed, req.after, want, null)).ids;
    if (force === 'index') return this.index(em, req, parsed, req.after, want);

    const ids: string[] = [];
    let after = req.after;
    let budget = probe;
    let checked = 0;
    let estimated: number | null = null;
    for (let step = 1; ; step++) {
      const walked = await this.walk(em, req, parsed, after, want - ids.length, budget);
      ids.push(...walked.ids);
      if (!walked.stoppedAt || ids.length >= want) return ids;
      after = walked.stoppedAt;
      checked += budget;
      const need = want - ids.length;
      // Conversations still to check at the density seen so far, against the matches the index would list.
      if (estimated === null) estimated = this.lastEstimate = await this.estimate(em, parsed.tsquery);
      const toCheck = ids.length ? (need * checked) / ids.length : Infinity;
      if (step >= maxSteps || toCheck * walkCost >= estimated) return [...ids, ...(await this.index(em, req, parsed, after, need))];
      budget = Math.min(maxWalk, Math.ceil(2 * toCheck));
    }
  }

  /**
   * The query as tsquery text and the part of it a document can answer; null when it has no lexeme.
   * Both configurations' queries OR-ed (as `tsQuery`), once when they are the same, and with their
   * shared lexemes out of the OR when both are plain conjunctions (factorSharedLexemes). Also turns JIT
   * off for the rest of the transaction: a rare word the statistics do not know is estimated at
   * thousands of rows, and compiling such a plan (close to a second) costs far more than running it.
   */
  private async parse(em: Db, q: string): Promise<ParsedQuery | null> {
    const [row]: { fr: string; en: string; tsquery: string; nodes: number; indexable: string }[] = await em.query(
      `SELECT x.fr::text AS fr, x.en::text AS en, x.tsq::text AS tsquery, numnode(x.tsq) AS nodes, querytree(x.tsq) AS indexable,
              set_config('jit', 'off', true) AS jit
       FROM (SELECT fr, en, CASE WHEN fr = en THEN fr ELSE fr || en END AS tsq
             FROM (SELECT ${tsQueryIn('babillard_fr', '$1')} AS fr, ${tsQueryIn('babillard_en', '$1')} AS en) c) x`,
      [q],
    );
    if (!row || row.nodes === 0) return null;
    // Lexemes, ANDs and ORs only: a document answers the whole query (nothing to drop for the prefilter).
    const factored = row.fr !== row.en ? factorSharedLexemes(row.fr, row.en) : null;
    if (factored) return { tsquery: factored, prefilter: factored };
    return { tsquery: row.tsquery, prefilter: row.indexable === 'T' ? null : phrasesAsAnd(row.indexable) };
  }

  /** The planner's estimate of the messages matching (all workspaces), from the vectors' most common lexemes. */
  private async estimate(em: Db, tsquery: string): Promise<number> {
    const [row]: { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[] = await em.query(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM message WHERE search_vector @@ $1::tsquery`,
      [tsquery],
    );
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  /**
   * True when conversation `c` has a message matching: its document first (one row), then its messages
   * (only when the document matches). OFFSET 0 keeps both per conversation, in queue order.
   */
  private static match(p: SqlParams, parsed: ParsedQuery): string {
    const messages = `EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.search_vector @@ ${p.add(parsed.tsquery)}::tsquery OFFSET 0)`;
    if (!parsed.prefilter) return messages;
    return `CASE WHEN EXISTS (SELECT 1 FROM conversation_search d WHERE d.conversation_id = c.id AND d.doc @@ ${p.add(parsed.prefilter)}::tsquery OFFSET 0)
              THEN ${messages} ELSE false END`;
  }

  private record(step: Omit<SearchStep, 'found' | 'ms'>, started: number, ids: string[]): string[] {
    this.lastSteps.push({ ...step, found: ids.length, ms: performance.now() - started });
    return ids;
  }

  /**
   * Walks the queue from `after`. With a `budget`, checks at most that many conversations and, when it
   * ran out before finding `want`, also returns the position of the last one checked (where to go on).
   */
  private async walk(
    em: Db,
    req: QueuePageRequest,
    parsed: ParsedQuery,
    after: QueueCursor | null,
    want: number,
    budget: number | null,
  ): Promise<{ ids: string[]; stoppedAt: QueueCursor | null }> {
    const p = new SqlParams();
    const where = filterConditions({ ...req.filter, q: undefined, searchHits: undefined }, p);
    if (after) where.push(afterCursor(after, p));
    const order = sortClause(req.sort);
    const match = QueueSearch.match(p, parsed);
    if (budget === null) {
      const sql = `SELECT c.id FROM conversation c
         WHERE ${where.join(' AND ')} AND ${match}
         ORDER BY ${order}
         LIMIT ${p.add(want)}`;
      const started = performance.now();
      const rows: { id: string }[] = await em.query(sql, p.values);
      return { ids: this.record({ strategy: 'walk', sql, params: p.values }, started, rows.map((r) => r.id)), stoppedAt: null };
    }
    // The budget-th conversation comes back even when it does not match: it marks where the walk stopped.
    // Only the sort keys are read from the queue, so its index answers alone (index-only scan).
    const k = p.add(budget);
    const keys =
      req.sort === 'priority'
        ? { columns: 'c.priority_rank, c.waiting_since', out: `c.priority_rank AS k_rank, ${pgIso('c.waiting_since')} AS k_waiting, NULL AS k_activity` }
        : { columns: 'c.last_activity_at', out: `NULL AS k_rank, NULL AS k_waiting, ${pgIso('c.last_activity_at')} AS k_activity` };
    const sql = `SELECT s.id, s.hit, s.n, s.k_rank, s.k_waiting, s.k_activity FROM (
         SELECT c.id, row_number() OVER () AS n, ${match} AS hit, ${keys.out}
         FROM (SELECT c.id, ${keys.columns} FROM conversation c
               WHERE ${where.join(' AND ')}
               ORDER BY ${order}
               LIMIT ${k}) c
       ) s
       WHERE s.hit OR s.n = ${k}
       LIMIT ${p.add(want)}`;
    const started = performance.now();
    const rows: WalkRow[] = await em.query(sql, p.values);
    const ids = this.record({ strategy: 'walk', budget, sql, params: p.values }, started, rows.filter((r) => r.hit).map((r) => r.id));
    const last = rows[rows.length - 1];
    const stoppedAt: QueueCursor | null =
      ids.length < want && last && Number(last.n) === budget
        ? req.sort === 'priority'
          ? { sort: 'priority', rank: last.k_rank, waitingSince: last.k_waiting, id: last.id }
          : { sort: 'last_activity', lastActivityAt: last.k_activity, id: last.id }
        : null;
    return { ids, stoppedAt };
  }

  /**
   * The conversations of the matching messages (GIN index), each read by primary key (LATERAL, so
   * never a scan of the queue whatever the estimate), filtered and sorted like the queue.
   */
  private async index(em: Db, req: QueuePageRequest, parsed: ParsedQuery, after: QueueCursor | null, want: number): Promise<string[]> {
    const p = new SqlParams();
    const tsq = p.add(parsed.tsquery);
    const ws = p.add(req.filter.workspaceId);
    const where = filterConditions({ ...req.filter, q: undefined, searchHits: undefined }, p);
    if (after) where.push(afterCursor(after, p));
    const sql = `WITH hit AS MATERIALIZED (
         SELECT DISTINCT m.conversation_id AS id FROM message m
         WHERE m.search_vector @@ ${tsq}::tsquery AND m.workspace_id = ${ws}
       )
       SELECT c.id FROM hit CROSS JOIN LATERAL (
         SELECT c.id, c.priority_rank, c.waiting_since, c.last_activity_at FROM conversation c
         WHERE c.id = hit.id AND ${where.join(' AND ')}
         OFFSET 0
       ) c
       ORDER BY ${sortClause(req.sort)}
       LIMIT ${p.add(want)}`;
    const started = performance.now();
    const rows: { id: string }[] = await em.query(sql, p.values);
    return this.record({ strategy: 'index', sql, params: p.values }, started, rows.map((r) => r.id));
  }
}
