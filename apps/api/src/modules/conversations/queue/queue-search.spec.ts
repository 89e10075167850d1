import type { ConversationSort } from '@babillard/contracts';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../../database/database-bootstrap';
import { seedConversation } from '../../../testing/seed-conversations';
import { seedChannel, seedWorkspace } from '../../../testing/seed';
import { createTestDatabase } from '../../../testing/test-database';
import { ConversationQueueRepository } from './conversation-queue.repository';
import { decodeQueueCursor } from './queue-cursor';
import { filterConditions, sortClause, tsQuery, type QueueFilter } from './queue-filter';
import { DEFAULT_SEARCH_OPTIONS, factorSharedLexemes, phrasesAsAnd, QueueSearch, type QueueSearchOptions } from './queue-search';
import { SqlParams } from './sql-params';

describe('phrasesAsAnd', () => {
  it('turns phrase operators into AND and leaves lexemes, even quoted ones, alone', () => {
    expect(phrasesAsAnd(`'coffe' <-> 'mak' & 'refund' | 'x' <2> 'z'`)).toBe(`'coffe' & 'mak' & 'refund' | 'x' & 'z'`);
    expect(phrasesAsAnd(`( 'a' | 'b' ) <-> 'c'`)).toBe(`( 'a' | 'b' ) & 'c'`);
    expect(phrasesAsAnd(`'it''s<->' <-> 'a\\'<b'`)).toBe(`'it''s<->' & 'a\\'<b'`);
  });
});

describe('factorSharedLexemes', () => {
  it('takes the lexemes both conjunctions share out of the OR', () => {
    expect(factorSharedLexemes(`'coffe' & 'mak' & 'refund'`, `'coffe' & 'maker' & 'refund'`)).toBe(`'coffe' & 'refund' & ( 'mak' | 'maker' )`);
    expect(factorSharedLexemes(`'a' & 'b' & 'c' & 'e'`, `'b' & 'd' & 'a'`)).toBe(`'a' & 'b' & ( 'c' & 'e' | 'd' )`);
    expect(factorSharedLexemes(`'it''s' & 'x'`, `'it''s' & 'y'`)).toBe(`'it''s' & ( 'x' | 'y' )`);
  });

  it('keeps only what is shared when one side has nothing else (a | a & b is a)', () => {
    expect(factorSharedLexemes(`'order' & 'arriv'`, `'order'`)).toBe(`'order'`);
    expect(factorSharedLexemes(`'a' & 'a'`, `'a' & 'b'`)).toBe(`'a'`);
  });

  it('leaves alone what is not two plain conjunctions sharing a lexeme', () => {
    expect(factorSharedLexemes(`'a' & 'b'`, `'c' & 'd'`)).toBeNull();
    expect(factorSharedLexemes(`'l' <-> 'été' & 'a'`, `'l' <-> 'ete' & 'a'`)).toBeNull();
    expect(factorSharedLexemes(`'a' & !'b'`, `'a' & !'c'`)).toBeNull();
    expect(factorSharedLexemes(`'a' | 'b'`, `'a' | 'c'`)).toBeNull();
    expect(factorSharedLexemes(`'a':* & 'b'`, `'a' & 'c'`)).toBeNull();
    expect(factorSharedLexemes(``, `'a'`)).toBeNull();
  });
});

/**
 * The search walks the queue, lists matches from the index, or goes from one to the other mid-page:
 * whichever way, a search's pages are the conversations one of whose messages matches, in queue order.
 */
describe('queue text search', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let ws: string;
  let otherWs: string;
  let channelId: string;
  const viewer = '00000000-0000-4000-8000-00000000000f';

  const SENTENCES = [
    "Ma commande n'est toujours pas arrivée",
    'Je voudrais un remboursement pour le moulin',
    'The coffee maker arrived broken, I want a refund',
    'Le colis est arrivé ouvert, commande incomplète',
    'Can I change the delivery address of my order?',
    'Merci pour le service rapide',
    'My order still has not arrived',
    'La cafetière est brisée, remboursement SVP',
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.url, { migrate: false, poolSize: 4 });
    ws = (await seedWorkspace(ds)).id;
    otherWs = (await seedWorkspace(ds)).id;
    channelId = (await seedChannel(ds, { workspaceId: ws, platform: 'facebook', externalId: 'search-page' })).id;
    const statuses = ['open', 'open', 'pending', 'resolved'] as const;
    const priorities = ['low', 'normal', 'high', 'urgent'] as const;
    // 60 conversations, one to three messages each, drawn deterministically; order numbers make rare words.
    for (let i = 0; i < 60; i++) {
      const n = 1 + (i % 3);
      await seedConversation(ds, {
        workspaceId: ws,
        channelId,
        status: statuses[(i * 7) % 4],
        priority: priorities[(i * 5) % 4],
        labels: i % 4 === 0 ? ['livraison'] : [],
        messages: Array.from({ length: n }, (_, k) => ({
          text: `${SENTENCES[(i * 3 + k * 5) % SENTENCES.length]} #${1000 + ((i * 7 + k) % 40)}`,
          direction: k === 1 ? ('outbound' as const) : ('inbound' as const),
          minutesAgo: 1000 - i * 13 + (n - k) * 3 + (i % 5) * 17,
        })),
      });
    }
    const otherChannel = (await seedChannel(ds, { workspaceId: otherWs, platform: 'x', externalId: 'search-x' })).id;
    await seedConversation(ds, { workspaceId: otherWs, channelId: otherChannel, messages: [{ text: 'commande remboursement order', minutesAgo: 1 }] });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** What the search means: conversations with a matching message, in queue order (a plain scan). */
  async function reference(filter: QueueFilter, sort: ConversationSort): Promise<string[]> {
    const p = new SqlParams();
    const where = filterConditions({ ...filter, q: undefined }, p);
    const rows: { id: string }[] = await ds.query(
      `SELECT c.id FROM conversation c WHERE ${where.join(' AND ')}
         AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.search_vector @@ ${tsQuery(p.add(filter.q))})
       ORDER BY ${sortClause(sort)}`,
      p.values,
    );
    return rows.map((r) => r.id);
  }

  /** Every page of a search, following the cursors. */
  async function allPages(options: QueueSearchOptions, filter: QueueFilter, sort: ConversationSort, limit: number): Promise<string[]> {
    const repo = new ConversationQueueRepository(ds);
    repo.search = new QueueSearch(ds, options);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: { rows: { id: string }[]; nextCursor: string | null } = await repo.page({
        filter,
        viewerId: viewer,
        sort,
        after: cursor ? decodeQueueCursor(cursor, sort) : null,
        limit,
      });
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('too many pages');
  }

  const ways: Record<string, QueueSearchOptions> = {
    walk: { ...DEFAULT_SEARCH_OPTIONS, force: 'walk' },
    index: { ...DEFAULT_SEARCH_OPTIONS, force: 'index' },
    // Probes one conversation, walks two more, then lets the index finish the page: every hand-over happens.
    'walk, then index': { ...DEFAULT_SEARCH_OPTIONS, probe: 1, maxWalk: 2, maxSteps: 2, walkCost: 0 },
    'walk in steps': { ...DEFAULT_SEARCH_OPTIONS, probe: 2, maxWalk: 3, maxSteps: 1000, walkCost: 0 },
    default: DEFAULT_SEARCH_OPTIONS,
  };
  const queries: { q: string; filter?: Partial<QueueFilter> }[] = [
    { q: 'commande' },
    { q: 'arrivee' },
    { q: 'refunds' },
    { q: 'remboursement moulin' },
    // French and English stems differ for one word: the shared ones are taken out of the OR.
    { q: 'coffee maker refund' },
    { q: 'refunds arrived broken' },
    { q: '"coffee maker"' },
    { q: 'order -arrived' },
    { q: 'commande or refund' },
    { q: '1007' },
    { q: 'commande', filter: { status: 'open' } },
    { q: 'remboursement', filter: { label: 'livraison' } },
    { q: 'pizza' },
  ];

  for (const [way, options] of Object.entries(ways)) {
    it(`finds exactly the conversations with a matching message, in queue order, page after page (${way})`, async () => {
      for (const { q, filter } of queries) {
        for (const sort of ['priority', 'last_activity'] as const) {
          const f: QueueFilter = { workspaceId: ws, q, ...filter };
          const want = await reference(f, sort);
          expect({ q, sort, ids: await allPages(options, f, sort, 4) }).toEqual({ q, sort, ids: want });
        }
      }
    });
  }

  it('hands a page over from the walk to the index where the walk stopped', async () => {
    const search = new QueueSearch(ds, ways['walk, then index']);
    const ids = await search.pageIds({ filter: { workspaceId: ws, q: 'commande' }, viewerId: viewer, sort: 'priority', after: null, limit: 10 });
    expect(search.lastSteps.map((s) => [s.strategy, s.budget])).toEqual([
      ['walk', 1],
      ['walk', 2],
      ['index', undefined],
    ]);
    expect(ids).toEqual((await reference({ workspaceId: ws, q: 'commande' }, 'priority')).slice(0, 11));
  });

  it('looks up a query whose French and English stems differ with the shared ones out of the OR', async () => {
    const search = new QueueSearch(ds, ways.index);
    await search.pageIds({ filter: { workspaceId: ws, q: 'coffee maker refund' }, viewerId: viewer, sort: 'priority', after: null, limit: 10 });
    expect(search.lastSteps[0].params[0]).toBe(`'coffe' & 'refund' & ( 'mak' | 'maker' )`);
  });

  it('matches words of one message, not words spread over a conversation (AND, phrases)', async () => {
    const { conversation } = await seedConversation(ds, {
      workspaceId: ws,
      channelId,
      messages: [
        { text: 'zebulon grenadine', minutesAgo: 5 },
        { text: 'quixotic walrus', minutesAgo: 4 },
      ],
    });
    for (const options of Object.values(ways)) {
      const ids = (q: string) => allPages(options, { workspaceId: ws, q }, 'priority', 10);
      expect(await ids('zebulon grenadine')).toEqual([conversation.id]);
      expect(await ids('zebulon walrus')).toEqual([]);
      expect(await ids('"grenadine quixotic"')).toEqual([]);
      expect(await ids('"quixotic walrus"')).toEqual([conversation.id]);
    }
  });

  it('gives nothing for a query without a word, and everything but the excluded for a negation', async () => {
    const search = new QueueSearch(ds);
    const req = (q: string) => ({ filter: { workspaceId: ws, q }, viewerId: viewer, sort: 'priority' as const, after: null, limit: 500 });
    expect(await search.pageIds(req('!!! ?'))).toEqual([]);
    const notCommande = await search.pageIds(req('-commande'));
    expect(notCommande).toEqual(await reference({ workspaceId: ws, q: '-commande' }, 'priority'));
    expect(notCommande.length).toBeGreaterThan(0);
  });

  describe('search documents', () => {
    const doc = async (conversationId: string): Promise<string[]> => {
      const rows: { lexeme: string }[] = await ds.query(
        `SELECT DISTINCT u.lexeme FROM conversation_search s, unnest(s.doc) u WHERE s.conversation_id = $1 ORDER BY 1`,
        [conversationId],
      );
      return rows.map((r) => r.lexeme);
    };

    it('are kept by the message trigger: inserts, edits and moves add words, chunks stay bounded, deletes cascade', async () => {
      const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `mot${from + i}x`).join(' ');
      const { conversation, messages } = await seedConversation(ds, {
        workspaceId: ws,
        channelId,
        messages: Array.from({ length: 8 }, (_, k) => ({ text: words(k * 40, 40), minutesAgo: 50 - k })),
      });
      const chunks: { n: number; chunk: string }[] = await ds.query(`SELECT length(doc) AS n, chunk FROM conversation_search WHERE conversation_id = $1 ORDER BY chunk`, [
        conversation.id,
      ]);
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of chunks) expect(c.n).toBeLessThan(150 + 80);
      const lexemes = await doc(conversation.id);
      expect(lexemes).toEqual(expect.arrayContaining(['mot0x', 'mot319x']));
      // The first and last words are found, in whichever chunk they are.
      for (const options of [ways.walk, ways.index]) {
        expect(await allPages(options, { workspaceId: ws, q: 'mot0x mot1x' }, 'priority', 5)).toEqual([conversation.id]);
        expect(await allPages(options, { workspaceId: ws, q: 'mot319x' }, 'priority', 5)).toEqual([conversation.id]);
      }

      // An edit adds the new words; the old ones stay in the document but no longer match.
      await ds.query(`UPDATE message SET text = 'zanzibar' WHERE id = $1`, [messages[0].id]);
      expect(await doc(conversation.id)).toEqual(expect.arrayContaining(['zanzibar', 'mot0x']));
      for (const options of Object.values(ways)) {
        expect(await allPages(options, { workspaceId: ws, q: 'zanzibar' }, 'priority', 5)).toEqual([conversation.id]);
        expect(await allPages(options, { workspaceId: ws, q: 'mot0x' }, 'priority', 5)).toEqual([]);
      }

      // A message moved to another conversation (thread merge) is found there only.
      const { conversation: target } = await seedConversation(ds, { workspaceId: ws, channelId, messages: [{ text: 'Bonjour', minutesAgo: 60 }] });
      await ds.query(`UPDATE message SET conversation_id = $2 WHERE id = $1`, [messages[7].id, target.id]);
      expect(await doc(target.id)).toEqual(expect.arrayContaining(['mot280x']));
      for (const options of Object.values(ways)) {
        expect(await allPages(options, { workspaceId: ws, q: 'mot300x' }, 'priority', 5)).toEqual([target.id]);
      }

      await ds.query(`DELETE FROM conversation WHERE id = $1`, [target.id]);
      expect(await ds.query(`SELECT 1 FROM conversation_search WHERE conversation_id = $1`, [target.id])).toHaveLength(0);
    });

    it('hold the same words when rebuilt from the messages (the backfill)', async () => {
      const lexemesOf = (from: 'conversation_search' | 'message') =>
        ds.query(
          from === 'message'
            ? `SELECT c.id, COALESCE((SELECT array_agg(DISTINCT u.lexeme ORDER BY u.lexeme) FROM message m, unnest(m.search_vector) u WHERE m.conversation_id = c.id), '{}') AS lexemes
               FROM conversation c ORDER BY c.id`
            : `SELECT c.id, COALESCE((SELECT array_agg(DISTINCT u.lexeme ORDER BY u.lexeme) FROM conversation_search s, unnest(s.doc) u WHERE s.conversation_id = c.id), '{}') AS lexemes
               FROM conversation c ORDER BY c.id`,
        ) as Promise<{ id: string; lexemes: string[] }[]>;
      const before = await lexemesOf('conversation_search');
      const fromMessages = await lexemesOf('message');
      await ds.query(`SELECT conversation_search_rebuild()`);
      const after = await lexemesOf('conversation_search');
      expect(after).toEqual(fromMessages);
      // Documents kept by the trigger hold at least the words of their messages (more after edits).
      const kept = new Map(before.map((r) => [r.id, new Set(r.lexemes)]));
      for (const r of fromMessages) expect(r.lexemes.filter((l) => !kept.get(r.id)?.has(l))).toEqual([]);
    });
  });
});
