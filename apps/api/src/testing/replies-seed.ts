import type { ConversationKind, Platform } from '@babillard/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface SeededConversation {
  id: string;
  /** Inbound message ids, oldest first. */
  messageIds: string[];
}

/** A conversation with the customer's inbound messages, as ingestion would have stored it. */
export async function seedConversation(
  ds: DataSource,
  opts: {
    workspaceId: string;
    channelId: string;
    platform: Platform;
    kind: ConversationKind;
    threadKey: string;
    inbound: { externalId: string; text?: string; at?: Date }[];
    crisisId?: string | null;
    postExternalId?: string | null;
    status?: string;
  },
): Promise<SeededConversation> {
  const [contact]: { id: string }[] = await ds.query(`INSERT INTO contact (workspace_id, name) VALUES ($1, 'Jordan Gagnon') RETURNING id`, [opts.workspaceId]);
  let postId: string | null = null;
  if (opts.postExternalId) {
    const [post]: { id: string }[] = await ds.query(
      `INSERT INTO post (workspace_id, channel_id, external_id) VALUES ($1, $2, $3) ON CONFLICT (channel_id, external_id) DO UPDATE SET text = post.text RETURNING id`,
      [opts.workspaceId, opts.channelId, opts.postExternalId],
    );
    postId = post.id;
  }
  const last = opts.inbound.at(-1)?.at ?? new Date();
  const [conversation]: { id: string }[] = await ds.query(
    `INSERT INTO conversation (workspace_id, channel_id, platform, kind, thread_key, contact_id, post_id, status, crisis_id,
                               last_inbound_at, last_activity_at, waiting_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id`,
    [opts.workspaceId, opts.channelId, opts.platform, opts.kind, opts.threadKey, contact.id, postId, opts.status ?? 'open', opts.crisisId ?? null, last, opts.inbound[0]?.at ?? last],
  );
  const messageIds: string[] = [];
  for (const [i, m] of opts.inbound.entries()) {
    const id = randomUUID();
    const at = m.at ?? new Date(last.getTime() - (opts.inbound.length - 1 - i) * 1000);
    await ds.query(
      `INSERT INTO message (id, workspace_id, conversation_id, channel_id, direction, external_id, text, created_at)
       VALUES ($1, $2, $3, $4, 'inbound', $5, $6, $7)`,
      [id, opts.workspaceId, conversation.id, opts.channelId, m.externalId, m.text ?? 'Bonjour, ma commande est en retard', at],
    );
    messageIds.push(id);
  }
  return { id: conversation.id, messageIds };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
