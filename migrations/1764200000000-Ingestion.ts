import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Ingestion1764200000000 implements MigrationInterface {
  name = 'Ingestion1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // Durable intake: a webhook is acknowledged once its parsed events are here; the intake
    // processor normalises them into contacts, conversations and messages, then deletes the rows.
    // No foreign keys: a channel deleted meanwhile must not make the platform retry forever.
    await q.query(`
      CREATE TABLE ingest_event (
        id bigserial PRIMARY KEY,
        channel_id uuid NOT NULL,
        event jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        not_before timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ingest_event_due_idx ON ingest_event (not_before, id)`);

    // Counters for what ingestion skipped or failed (unknown page, unsupported kinds), per reason.
    await q.query(`
      CREATE TABLE ingestion_stat (
        platform varchar(16) NOT NULL,
        reason text NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        last_at timestamptz NOT NULL DEFAULT now(),
        last_detail text,
        PRIMARY KEY (platform, reason)
      )`);

    // Pull connectors: one cursor per (connector, channel, key) with backoff state.
    await q.query(`
      CREATE TABLE pull_cursor (
        connector text NOT NULL,
        channel_id uuid NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
        key text NOT NULL DEFAULT '',
        cursor text,
        failures integer NOT NULL DEFAULT 0,
        next_run_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector, channel_id, key)
      )`);

    // Threading out-of-order replies: find the messages waiting for a parent that just arrived.
    await q.query(
      `CREATE INDEX message_channel_parent_idx ON message (channel_id, parent_external_id) WHERE parent_external_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS message_channel_parent_idx`);
    await q.query(`DROP TABLE IF EXISTS pull_cursor`);
    await q.query(`DROP TABLE IF EXISTS ingestion_stat`);
    await q.query(`DROP TABLE IF EXISTS ingest_event`);
  }
}
