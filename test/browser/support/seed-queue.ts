import { Client } from 'pg';

/**
 * Fills a workspace's queue in a few set-based statements (generate_series): `count` open
 * conversations with their contact, identity and one customer message, waiting for 1 minute to
 * 10 days, all priorities. A last conversation named `lastName` sorts after all of them in the
 * default order (lowest priority, waiting the shortest), so a test can tell it reached the end.
 */
export async function seedQueue(databaseUrl: string, p: { workspaceId: string; channelId: string; platform: string; count: number; lastName: string }): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  // Ids derived from the workspace and row number, so related rows find each other without a round trip.
  const id = (prefix: string, g: string) => `md5('${prefix}' || $1::uuid::text || ${g})::uuid`;
  try {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO contact (id, workspace_id, name)
       SELECT ${id('contact', 'g')}, $1::uuid, CASE WHEN g = 0 THEN $3 ELSE 'Client ' || g END FROM generate_series(0, $2::int - 1) g`,
      [p.workspaceId, p.count, p.lastName],
    );
    await db.query(
      `INSERT INTO contact_identity (workspace_id, contact_id, platform, external_id, handle, display_name, followers_count)
       SELECT $1::uuid, ${id('contact', 'g')}, $3, 'scale-' || g, 'client_' || g, 'Client ' || g, (g * 7919) % 50000 FROM generate_series(0, $2::int - 1) g`,
      [p.workspaceId, p.count, p.platform],
    );
    // g = 0 is the last one: low priority, waiting since now; the others waited longer.
    await db.query(
      `INSERT INTO conversation (id, workspace_id, channel_id, platform, kind, thread_key, contact_id, status, priority, priority_rank, labels,
                                 last_inbound_at, last_activity_at, waiting_since, last_message_text, last_message_direction, last_message_at, created_at)
       SELECT ${id('conversation', 'g')}, $1::uuid, $3, $4, (ARRAY['comment','dm','mention'])[1 + g % 3], 'scale-' || g, ${id('contact', 'g')}, 'open',
              (ARRAY['low','normal','high','urgent'])[1 + r.rank], r.rank, '{}', w.at, w.at, w.at,
              'Message ' || g || ' : est-ce que ma commande est partie? / has my order shipped?', 'inbound', w.at, w.at
       FROM generate_series(0, $2::int - 1) g,
            LATERAL (SELECT (CASE WHEN g = 0 THEN 0 ELSE g % 4 END)::smallint AS rank) r,
            LATERAL (SELECT CASE WHEN g = 0 THEN now() ELSE now() - (1 + (g * 37) % 14400) * interval '1 minute' END AS at) w`,
      [p.workspaceId, p.count, p.channelId, p.platform],
    );
    await db.query(
      `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, author_name, text, created_at)
       SELECT $1::uuid, ${id('conversation', 'g')}, $3, 'inbound', 'scale-m-' || g, 'Client ' || g, c.last_message_text, c.last_message_at
       FROM generate_series(0, $2::int - 1) g JOIN conversation c ON c.id = ${id('conversation', 'g')}`,
      [p.workspaceId, p.count, p.channelId],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  } finally {
    await db.end();
  }
}
