import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Routing1764500000000 implements MigrationInterface {
  name = 'Routing1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE routing_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        position integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        stop_processing boolean NOT NULL DEFAULT false,
        conditions jsonb NOT NULL DEFAULT '{}'::jsonb,
        actions jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX routing_rule_workspace_idx ON routing_rule (workspace_id, position)`);

    await q.query(`
      CREATE TABLE routing_lexicon (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        extension jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE routing_settings (
        workspace_id uuid PRIMARY KEY REFERENCES workspace(id) ON DELETE CASCADE,
        crisis_team_id uuid REFERENCES team(id) ON DELETE SET NULL,
        spike_window_minutes integer NOT NULL DEFAULT 15 CHECK (spike_window_minutes BETWEEN 1 AND 1440),
        spike_min_count integer NOT NULL DEFAULT 5 CHECK (spike_min_count >= 1),
        spike_factor real NOT NULL DEFAULT 3 CHECK (spike_factor >= 1),
        baseline_hours integer NOT NULL DEFAULT 24 CHECK (baseline_hours BETWEEN 1 AND 720),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE crisis_incident (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        reason text NOT NULL DEFAULT '',
        opened_by varchar(16) NOT NULL CHECK (opened_by IN ('detector', 'user')),
        opened_by_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        merged_into_id uuid REFERENCES crisis_incident(id) ON DELETE SET NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX crisis_incident_workspace_idx ON crisis_incident (workspace_id, status, opened_at DESC)`);

    // Which threads an incident ever held: conversation.crisis_id is cleared when it closes.
    await q.query(`
      CREATE TABLE crisis_incident_conversation (
        incident_id uuid NOT NULL REFERENCES crisis_incident(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        attached_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, conversation_id)
      )`);

    await q.query(`
      CREATE TABLE crisis_incident_event (
        id bigserial PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES crisis_incident(id) ON DELETE CASCADE,
        type text NOT NULL,
        actor_type varchar(16) NOT NULL,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX crisis_incident_event_incident_idx ON crisis_incident_event (incident_id, id)`);

    // One row per negative or crisis-signal inbound message: the spike detector's memory, shared by every API process.
    await q.query(`
      CREATE TABLE crisis_signal (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        conversation_id uuid REFERENCES conversation(id) ON DELETE SET NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX crisis_signal_workspace_at_idx ON crisis_signal (workspace_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'crisis_signal',
      'crisis_incident_event',
      'crisis_incident_conversation',
      'crisis_incident',
      'routing_settings',
      'routing_lexicon',
      'routing_rule',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
