import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing reads its configuration from process memory; these triggers tell every process when it
 * changes. Any write to what routing reads — rules, routing settings, lexicon, the workspace's
 * settings, teams (the crisis team is found by name) — bumps the workspace's row in
 * routing_config_version and sends NOTIFY babillard_routing_config with the workspace id, at
 * commit. Processes drop their copy on the notification and compare versions now and then in
 * case one was missed.
 *
 * Crisis incidents close by themselves after a quiet period: routing_settings.crisis_quiet_minutes
 * (0 = never) counted from crisis_incident.last_signal_at, the last crisis-signal message that
 * joined the incident.
 */
export class RoutingConfigVersions1764710000000 implements MigrationInterface {
  name = 'RoutingConfigVersions1764710000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: a workspace being deleted cascades to its rules, whose triggers still bump here.
    await q.query(`
      CREATE TABLE routing_config_version (
        workspace_id uuid PRIMARY KEY,
        version bigint NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION routing_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ws uuid;
      BEGIN
        FOR ws IN SELECT DISTINCT w FROM unnest(ARRAY[
          CASE WHEN TG_OP <> 'INSERT' THEN (to_jsonb(OLD) ->> TG_ARGV[0])::uuid END,
          CASE WHEN TG_OP <> 'DELETE' THEN (to_jsonb(NEW) ->> TG_ARGV[0])::uuid END
        ]) AS w WHERE w IS NOT NULL LOOP
          INSERT INTO routing_config_version AS v (workspace_id) VALUES (ws)
            ON CONFLICT (workspace_id) DO UPDATE SET version = v.version + 1, updated_at = now();
          PERFORM pg_notify('babillard_routing_config', ws::text);
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const table of ['routing_rule', 'routing_settings', 'routing_lexicon']) {
      await q.query(
        `CREATE TRIGGER ${table}_config_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION routing_config_changed('workspace_id')`,
      );
    }
    await q.query(
      `CREATE TRIGGER team_routing_config_changed AFTER INSERT OR DELETE OR UPDATE OF name, workspace_id ON team
       FOR EACH ROW EXECUTE FUNCTION routing_config_changed('workspace_id')`,
    );
    await q.query(
      `CREATE TRIGGER workspace_routing_config_changed AFTER UPDATE OF settings ON workspace
       FOR EACH ROW WHEN (OLD.settings IS DISTINCT FROM NEW.settings) EXECUTE FUNCTION routing_config_changed('id')`,
    );

    await q.query(
      `ALTER TABLE routing_settings ADD COLUMN crisis_quiet_minutes integer NOT NULL DEFAULT 120 CHECK (crisis_quiet_minutes BETWEEN 0 AND 10080)`,
    );
    await q.query(`ALTER TABLE crisis_incident ADD COLUMN last_signal_at timestamptz`);
    await q.query(`UPDATE crisis_incident SET last_signal_at = opened_at WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crisis_incident DROP COLUMN IF EXISTS last_signal_at`);
    await q.query(`ALTER TABLE routing_settings DROP COLUMN IF EXISTS crisis_quiet_minutes`);
    await q.query(`DROP TRIGGER IF EXISTS workspace_routing_config_changed ON workspace`);
    await q.query(`DROP TRIGGER IF EXISTS team_routing_config_changed ON team`);
    for (const table of ['routing_rule', 'routing_settings', 'routing_lexicon']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_config_changed ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS routing_config_changed()`);
    await q.query(`DROP TABLE IF EXISTS routing_config_version`);
  }
}
