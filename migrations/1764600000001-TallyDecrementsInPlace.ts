import type { MigrationInterface, QueryRunner } from 'typeorm';

const ZERO = `'00000000-0000-0000-0000-000000000000'`;

/**
 * The view counts' trigger took a conversation off its tally by upserting -1. When a workspace is
 * deleted, its conversations cascade after the workspace row is gone, and that upsert broke the
 * tally's foreign key, so no workspace with conversations could be deleted. A conversation leaving
 * a tally now decrements the row it was counted in (which exists, or was cascaded away with it).
 */
export class TallyDecrementsInPlace1764600000001 implements MigrationInterface {
  name = 'TallyDecrementsInPlace1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION conversation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE conversation_tally SET n = n - 1
           WHERE workspace_id = OLD.workspace_id AND status = OLD.status
             AND team_key = COALESCE(OLD.team_id, ${ZERO}) AND assignee_key = COALESCE(OLD.assignee_id, ${ZERO})
             AND crisis = (OLD.crisis_id IS NOT NULL);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM conversation_tally_add(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION conversation_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM conversation_tally_add(OLD, -1); END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM conversation_tally_add(NEW, 1); END IF;
        RETURN NULL;
      END $$`);
  }
}
