import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Canned responses per workspace (the composer's `/` picker). A shortcut is unique in its
 * workspace, stored lower case; the locale says which language the text is written in.
 */
export class CannedResponses1764700000000 implements MigrationInterface {
  name = 'CannedResponses1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE canned_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        shortcut text NOT NULL CHECK (length(shortcut) BETWEEN 1 AND 32 AND shortcut = lower(shortcut)),
        text text NOT NULL CHECK (length(btrim(text)) > 0),
        locale varchar(8) CHECK (locale IN ('fr', 'en')),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX canned_response_shortcut_uq ON canned_response (workspace_id, shortcut)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS canned_response`);
  }
}
