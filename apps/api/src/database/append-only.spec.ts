import { createTestDatabase } from '../testing/test-database';
import { openDatabase } from './database-bootstrap';

/** Timelines are append-only at the database, whatever the code above does. */
describe('append-only timelines', () => {
  it('refuses updates to conversation and crisis incident timelines, and migrations revert cleanly', async () => {
    const db = await createTestDatabase();
    const ds = await openDatabase(db.url, { migrate: false, poolSize: 2 });
    try {
      const [{ id: ws }] = await ds.query(`INSERT INTO workspace (name) VALUES ('W') RETURNING id`);
      const [{ id: incident }] = await ds.query(
        `INSERT INTO crisis_incident (workspace_id, title, reason, opened_by) VALUES ($1, 'T', 'burst', 'detector') RETURNING id`,
        [ws],
      );
      const [{ id: event }] = await ds.query(
        `INSERT INTO crisis_incident_event (incident_id, type, actor_type) VALUES ($1, 'opened', 'system') RETURNING id`,
        [incident],
      );
      await expect(ds.query(`UPDATE crisis_incident_event SET type = 'forged' WHERE id = $1`, [event])).rejects.toThrow(
        /crisis_incident_event is append-only/,
      );
      const [{ id: channel }] = await ds.query(
        `INSERT INTO channel (workspace_id, platform, external_id, name) VALUES ($1, 'x', '1', 'X') RETURNING id`,
        [ws],
      );
      const [{ id: contact }] = await ds.query(`INSERT INTO contact (workspace_id) VALUES ($1) RETURNING id`, [ws]);
      const [{ id: conversation }] = await ds.query(
        `INSERT INTO conversation (workspace_id, channel_id, platform, kind, thread_key, contact_id) VALUES ($1, $2, 'x', 'dm', 'k', $3) RETURNING id`,
        [ws, channel, contact],
      );
      await ds.query(`INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type) VALUES ($1, $2, 'created', 'system')`, [ws, conversation]);
      await expect(ds.query(`UPDATE conversation_event SET type = 'forged'`)).rejects.toThrow(/conversation_event is append-only/);
      // Deletes stay possible, so removing a workspace cascades through its timelines.
      await ds.query(`DELETE FROM workspace WHERE id = $1`, [ws]);
      expect(await ds.query(`SELECT 1 FROM crisis_incident_event`)).toHaveLength(0);
      await ds.undoLastMigration();
      await ds.undoLastMigration();
      await ds.runMigrations();
      const names = await ds.query(`SELECT tgname FROM pg_trigger WHERE tgname LIKE '%_no_update' ORDER BY tgname`);
      expect(names.map((r: { tgname: string }) => r.tgname)).toEqual(['conversation_event_no_update', 'crisis_incident_event_no_update']);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
