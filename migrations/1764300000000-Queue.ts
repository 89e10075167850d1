import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live queue: full-text search over messages (French and English, accents ignored), the
 * queue index for unfiltered pages, and the realtime event log that gives every pushed event its
 * per-workspace sequence and lets a reconnecting console replay what it missed.
 */
export class Queue1764300000000 implements MigrationInterface {
  name = 'Queue1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Text search configurations that fold accents before stemming: "arrivée" finds "arrivee".
    for (const [name, base] of [
      ['babillard_fr', 'french'],
      ['babillard_en', 'english'],
    ]) {
      await q.query(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = ${base})`);
      await q.query(
        `ALTER TEXT SEARCH CONFIGURATION ${name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ${base}_stem`,
      );
    }
    // Stored (not an expression index) so bitmap rechecks read the vector instead of re-parsing text.
    await q.query(`
      ALTER TABLE message ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('babillard_fr'::regconfig, text) || to_tsvector('babillard_en'::regconfig, text)
      ) STORED`);
    await q.query(`CREATE INDEX message_search_idx ON message USING gin (search_vector)`);

    // Queue pages without a status filter (the "all" view) keep the priority-then-waiting order.
    await q.query(
      `CREATE INDEX conversation_priority_idx ON conversation (workspace_id, priority_rank DESC, waiting_since, id)`,
    );
    await q.query(
      `CREATE INDEX conversation_crisis_queue_idx ON conversation (workspace_id, priority_rank DESC, waiting_since, id) WHERE crisis_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX conversation_labels_idx ON conversation USING gin (labels)`);

    // Queue view sizes without counting the queue: one row per (status, team, assignee, crisis) with
    // its number of conversations, kept by triggers. NULL team or assignee is stored as the zero UUID
    // so the key can be a primary key on every PostgreSQL version.
    await q.query(`
      CREATE TABLE conversation_tally (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        status varchar(16) NOT NULL,
        team_key uuid NOT NULL,
        assignee_key uuid NOT NULL,
        crisis boolean NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (workspace_id, status, team_key, assignee_key, crisis)
      )`);
    await q.query(`
      CREATE FUNCTION conversation_tally_add(r conversation, delta int) RETURNS void LANGUAGE sql AS $$
        INSERT INTO conversation_tally AS t (workspace_id, status, team_key, assignee_key, crisis, n)
        VALUES (r.workspace_id, r.status, COALESCE(r.team_id, '00000000-0000-0000-0000-000000000000'),
                COALESCE(r.assignee_id, '00000000-0000-0000-0000-000000000000'), r.crisis_id IS NOT NULL, delta)
        ON CONFLICT (workspace_id, status, team_key, assignee_key, crisis) DO UPDATE SET n = t.n + EXCLUDED.n
      $$`);
    await q.query(`
      CREATE FUNCTION conversation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM conversation_tally_add(OLD, -1); END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM conversation_tally_add(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER conversation_tally_insert_delete AFTER INSERT OR DELETE ON conversation
      FOR EACH ROW EXECUTE FUNCTION conversation_tally_apply()`);
    await q.query(`
      CREATE TRIGGER conversation_tally_update AFTER UPDATE ON conversation
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.team_id IS DISTINCT FROM NEW.team_id
        OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR (OLD.crisis_id IS NULL) <> (NEW.crisis_id IS NULL)
        OR OLD.workspace_id <> NEW.workspace_id)
      EXECUTE FUNCTION conversation_tally_apply()`);
    // Rebuilds every workspace's tally from the conversations (after a bulk load with triggers off).
    await q.query(`
      CREATE FUNCTION conversation_tally_rebuild() RETURNS void LANGUAGE sql AS $$
        DELETE FROM conversation_tally;
        INSERT INTO conversation_tally (workspace_id, status, team_key, assignee_key, crisis, n)
        SELECT workspace_id, status, COALESCE(team_id, '00000000-0000-0000-0000-000000000000'),
               COALESCE(assignee_id, '00000000-0000-0000-0000-000000000000'), crisis_id IS NOT NULL, count(*)
        FROM conversation GROUP BY 1, 2, 3, 4, 5;
      $$`);
    await q.query(`SELECT conversation_tally_rebuild()`);

    // One counter per workspace: the row lock orders concurrent publishers, so sequence order is commit order.
    await q.query(`
      CREATE TABLE realtime_sequence (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        last_seq bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE realtime_event (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        name text NOT NULL,
        rooms text[] NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, seq)
      )`);
    await q.query(`CREATE INDEX realtime_event_created_idx ON realtime_event (created_at)`);

    // What presence consoles last saw per user, so several tabs and processes announce a change once.
    await q.query(`
      CREATE TABLE user_presence (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        presence varchar(16) NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // @socket.io/postgres-adapter: payloads over NOTIFY's 8000-byte limit travel through this table.
    await q.query(`
      CREATE TABLE IF NOT EXISTS socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS socket_io_attachments`);
    await q.query(`DROP TABLE IF EXISTS user_presence`);
    await q.query(`DROP TABLE IF EXISTS realtime_event`);
    await q.query(`DROP TABLE IF EXISTS realtime_sequence`);
    await q.query(`DROP TRIGGER IF EXISTS conversation_tally_update ON conversation`);
    await q.query(`DROP TRIGGER IF EXISTS conversation_tally_insert_delete ON conversation`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_tally_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_tally_apply()`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_tally_add(conversation, int)`);
    await q.query(`DROP TABLE IF EXISTS conversation_tally`);
    await q.query(`DROP INDEX IF EXISTS conversation_labels_idx`);
    await q.query(`DROP INDEX IF EXISTS conversation_crisis_queue_idx`);
    await q.query(`DROP INDEX IF EXISTS conversation_priority_idx`);
    await q.query(`DROP INDEX IF EXISTS message_search_idx`);
    await q.query(`ALTER TABLE message DROP COLUMN IF EXISTS search_vector`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS babillard_en`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS babillard_fr`);
  }
}
