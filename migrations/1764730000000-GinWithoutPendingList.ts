import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The GIN indexes the hot path writes: the messages' search vectors, and the conversations' labels. */
const GIN_INDEXES = ['message_search_idx', 'conversation_labels_idx'];

/**
 * GIN indexes without their pending list (fastupdate off). With it, new entries go to an unsorted
 * list that is merged into the index by vacuum, or by whichever insert takes the list past
 * gin_pending_list_limit (4 MB): that insert pays for every entry since, inside an intake batch
 * (bench:fanout at 1,000 events/s: a batch of 10 messages took 87 ms as it merged 25,000 of them,
 * and every batch behind it waited). Every search also reads the whole list. The message index
 * takes an entry per message; the labels index one per conversation update that is not HOT, which
 * is every new message (it moves the queue's sort keys). Written straight into the index, an entry
 * costs a little more each time and never all at once.
 */
export class GinWithoutPendingList1764730000000 implements MigrationInterface {
  name = 'GinWithoutPendingList1764730000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of GIN_INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      // What the list holds already goes into the index now, not at the next vacuum.
      await q.query(`SELECT gin_clean_pending_list($1::regclass)`, [index]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of GIN_INDEXES) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
