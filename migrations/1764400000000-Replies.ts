import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Replies1764400000000 implements MigrationInterface {
  name = 'Replies1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per outbound reply: where its delivery stands. `attempt` fences jobs (a job carries the
    // attempt it was sent for and does nothing once the row moved on); `job_id` is the pg-boss job of
    // that attempt, so a job lost with a dead worker can be told from a long backlog; `sending_since`
    // marks a call in flight, so a worker killed mid-request leaves a trace instead of a silent resend.
    await q.query(`
      CREATE TABLE reply_delivery (
        message_id uuid PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        state varchar(24) NOT NULL CHECK (state IN ('awaiting_approval', 'queued', 'sending', 'held', 'sent', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        job_id uuid,
        failures integer NOT NULL DEFAULT 0,
        sending_since timestamptz,
        next_attempt_at timestamptz,
        last_error text,
        approved_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        approved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reply_delivery_held_idx ON reply_delivery (channel_id, created_at) WHERE state = 'held'`);
    await q.query(
      `CREATE INDEX reply_delivery_open_idx ON reply_delivery (conversation_id, created_at) WHERE state IN ('queued', 'sending')`,
    );
    await q.query(`CREATE INDEX reply_delivery_stuck_idx ON reply_delivery (state, updated_at) WHERE state IN ('queued', 'sending')`);

    // A channel whose sends wait: on a rate limit until `until`, on a revoked token until reconnected.
    await q.query(`
      CREATE TABLE channel_send_hold (
        channel_id uuid PRIMARY KEY REFERENCES channel(id) ON DELETE CASCADE,
        reason varchar(24) NOT NULL CHECK (reason IN ('rate_limited', 'needs_reconnect')),
        until timestamptz,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS channel_send_hold`);
    await q.query(`DROP TABLE IF EXISTS reply_delivery`);
  }
}
