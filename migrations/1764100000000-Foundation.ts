import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await q.query(`
      CREATE TABLE app_setting (
        key text PRIMARY KEY,
        value text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE workspace (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        password_hash text NOT NULL,
        locale varchar(2) NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
        availability varchar(16) NOT NULL DEFAULT 'available' CHECK (availability IN ('available', 'busy', 'away')),
        instance_admin boolean NOT NULL DEFAULT false,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE workspace_member (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'lead', 'agent')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, user_id)
      )`);
    await q.query(`CREATE INDEX workspace_member_user_idx ON workspace_member (user_id)`);

    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)`);

    await q.query(`
      CREATE TABLE team (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX team_workspace_name_uq ON team (workspace_id, lower(name))`);

    await q.query(`
      CREATE TABLE team_member (
        team_id uuid NOT NULL REFERENCES team(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        PRIMARY KEY (team_id, user_id)
      )`);
    await q.query(`CREATE INDEX team_member_user_idx ON team_member (user_id)`);

    await q.query(`
      CREATE TABLE channel (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL CHECK (platform IN ('facebook', 'instagram', 'whatsapp', 'x', 'api')),
        external_id text NOT NULL,
        name text NOT NULL,
        access_token_encrypted text,
        secret_encrypted text,
        default_team_id uuid REFERENCES team(id) ON DELETE SET NULL,
        status varchar(24) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'disabled')),
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX channel_platform_external_uq ON channel (platform, external_id)`);
    await q.query(`CREATE INDEX channel_workspace_idx ON channel (workspace_id)`);

    await q.query(`
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text,
        vip boolean NOT NULL DEFAULT false,
        notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_workspace_idx ON contact (workspace_id)`);

    await q.query(`
      CREATE TABLE contact_identity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        external_id text NOT NULL,
        handle text,
        display_name text,
        followers_count integer,
        verified boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX contact_identity_platform_uq ON contact_identity (workspace_id, platform, external_id)`,
    );
    await q.query(`CREATE INDEX contact_identity_contact_idx ON contact_identity (contact_id)`);

    await q.query(`
      CREATE TABLE post (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        text text,
        permalink text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX post_channel_external_uq ON post (channel_id, external_id)`);

    await q.query(`
      CREATE TABLE conversation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
        platform varchar(16) NOT NULL,
        kind varchar(16) NOT NULL CHECK (kind IN ('comment', 'dm', 'mention')),
        thread_key text NOT NULL,
        contact_id uuid NOT NULL REFERENCES contact(id),
        post_id uuid REFERENCES post(id) ON DELETE SET NULL,
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
        priority varchar(16) NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        priority_rank smallint NOT NULL DEFAULT 1,
        team_id uuid REFERENCES team(id) ON DELETE SET NULL,
        assignee_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        labels text[] NOT NULL DEFAULT '{}',
        crisis_id uuid,
        snoozed_until timestamptz,
        first_response_at timestamptz,
        resolved_at timestamptz,
        last_inbound_at timestamptz,
        last_outbound_at timestamptz,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        waiting_since timestamptz,
        last_message_text text,
        last_message_direction varchar(16),
        last_message_at timestamptz,
        sla_due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX conversation_thread_uq ON conversation (channel_id, kind, thread_key)`);
    // The queue: priority then waiting time, per workspace, narrowed by status, team or assignee.
    await q.query(
      `CREATE INDEX conversation_queue_idx ON conversation (workspace_id, status, priority_rank DESC, waiting_since, id)`,
    );
    await q.query(
      `CREATE INDEX conversation_team_queue_idx ON conversation (workspace_id, team_id, status, priority_rank DESC, waiting_since, id)`,
    );
    await q.query(
      `CREATE INDEX conversation_assignee_queue_idx ON conversation (workspace_id, assignee_id, status, priority_rank DESC, waiting_since, id)`,
    );
    await q.query(
      `CREATE INDEX conversation_activity_idx ON conversation (workspace_id, last_activity_at DESC, id)`,
    );
    await q.query(`CREATE INDEX conversation_contact_idx ON conversation (contact_id)`);
    await q.query(`CREATE INDEX conversation_crisis_idx ON conversation (crisis_id) WHERE crisis_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        channel_id uuid NOT NULL REFERENCES channel(id) ON DELETE CASCADE,
        direction varchar(16) NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
        external_id text,
        parent_external_id text,
        author_identity_id uuid REFERENCES contact_identity(id) ON DELETE SET NULL,
        author_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        author_name text,
        author_handle text,
        text text NOT NULL DEFAULT '',
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        delivery_status varchar(16) CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
        error text,
        error_code text,
        idempotency_key text,
        sent_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        failed_at timestamptz,
        edited_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Dedupe by constraint, not check-then-insert: a retried webhook cannot store a message twice.
    await q.query(
      `CREATE UNIQUE INDEX message_channel_external_uq ON message (channel_id, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX message_idempotency_uq ON message (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX message_conversation_idx ON message (conversation_id, created_at, id)`);

    await q.query(`
      CREATE TABLE conversation_event (
        id bigserial PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        type text NOT NULL,
        actor_type varchar(16) NOT NULL,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX conversation_event_conversation_idx ON conversation_event (conversation_id, id)`);
    // The timeline is append-only: refuse updates at the database (deletes only come from cascades).
    await q.query(`
      CREATE FUNCTION conversation_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'conversation_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER conversation_event_no_update BEFORE UPDATE ON conversation_event
      FOR EACH ROW EXECUTE FUNCTION conversation_event_append_only()`);

    await q.query(`
      CREATE TABLE conversation_read (
        conversation_id uuid NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        last_read_at timestamptz NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'conversation_read',
      'conversation_event',
      'message',
      'conversation',
      'post',
      'contact_identity',
      'contact',
      'channel',
      'team_member',
      'team',
      'refresh_token',
      'workspace_member',
      'app_user',
      'workspace',
      'app_setting',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await q.query(`DROP FUNCTION IF EXISTS conversation_event_append_only()`);
  }
}
