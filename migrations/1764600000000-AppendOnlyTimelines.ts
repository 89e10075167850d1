import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Both timelines (conversations' and crisis incidents') are append-only: one trigger function,
 * naming the table it guards, refuses updates. Deletes stay possible so cascades still work.
 */
export class AppendOnlyTimelines1764600000000 implements MigrationInterface {
  name = 'AppendOnlyTimelines1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_update_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await q.query(`DROP TRIGGER conversation_event_no_update ON conversation_event`);
    await q.query(`DROP FUNCTION conversation_event_append_only()`);
    for (const table of ['conversation_event', 'crisis_incident_event']) {
      await q.query(
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_update_append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['conversation_event', 'crisis_incident_event']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_no_update ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS refuse_update_append_only()`);
    await q.query(`
      CREATE FUNCTION conversation_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'conversation_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER conversation_event_no_update BEFORE UPDATE ON conversation_event
      FOR EACH ROW EXECUTE FUNCTION conversation_event_append_only()`);
  }
}
