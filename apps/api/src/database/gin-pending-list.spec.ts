import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database-bootstrap';

/**
 * The hot path's GIN indexes take new entries straight into the index: nothing waits in a pending
 * list for one unlucky insert to merge it (migration GinWithoutPendingList).
 * gin_clean_pending_list answers how many list pages it had to merge.
 */
describe('GIN indexes on the hot path', () => {
  it('keep no pending list as messages arrive and conversations move, and the migration reverts', async () => {
    const db = await createTestDatabase();
    const ds = await openDatabase(db.url, { migrate: false, poolSize: 2 });
    const pendingPages = async (index: string) => Number((await ds.query(`SELECT gin_clean_pending_list($1::regclass) AS n`, [index]))[0].n);
    const writeMessage = async (conversation: string, ws: string, channel: string, n: number) => {
      await ds.query(
        `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, text, created_at) VALUES ($1, $2, $3, 'inbound', $4, $5, now())`,
        [ws, conversation, channel, `m${n}`, `Bonjour, où en est ma commande ${n}? Where is my order?`],
      );
      await ds.query(`UPDATE conversation SET waiting_since = now(), last_activity_at = now(), labels = $2 WHERE id = $1`, [conversation, [`l${n}`]]);
    };
    try {
      const [{ id: ws }] = await ds.query(`INSERT INTO workspace (name) VALUES ('W') RETURNING id`);
      const [{ id: channel }] = await ds.query(`INSERT INTO channel (workspace_id, platform, external_id, name) VALUES ($1, 'x', '1', 'X') RETURNING id`, [ws]);
      const [{ id: contact }] = await ds.query(`INSERT INTO contact (workspace_id) VALUES ($1) RETURNING id`, [ws]);
      const [{ id: conversation }] = await ds.query(
        `INSERT INTO conversation (workspace_id, channel_id, platform, kind, thread_key, contact_id) VALUES ($1, $2, 'x', 'dm', 'k', $3) RETURNING id`,
        [ws, channel, contact],
      );
      for (let n = 0; n < 5; n++) await writeMessage(conversation, ws, channel, n);
      expect(await pendingPages('message_search_idx')).toBe(0);
      expect(await pendingPages('conversation_labels_idx')).toBe(0);
      const found = await ds.query(`SELECT count(*)::int AS n FROM message WHERE search_vector @@ plainto_tsquery('english', 'order')`);
      expect(found[0].n).toBe(5);

      // Reverted, the same writes wait in the lists: what the migration takes away.
      await ds.undoLastMigration();
      await writeMessage(conversation, ws, channel, 5);
      expect(await pendingPages('message_search_idx')).toBeGreaterThan(0);
      expect(await pendingPages('conversation_labels_idx')).toBeGreaterThan(0);
      await ds.runMigrations();
      await writeMessage(conversation, ws, channel, 6);
      expect(await pendingPages('message_search_idx')).toBe(0);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
