import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ContactIdentityEntity } from '../contacts/contact-identity.entity';
import { ConversationEventEntity } from './conversation-event.entity';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import type { MessageRecord } from './message.mapper';
import { PostEntity } from './post.entity';
import { encodeMessageCursor, type MessageCursor } from './queue/message-cursor';
import { pgIso } from './queue/queue-cursor';

/** Whether a message is a reply held for a lead's approval: selected with messages wherever they are listed. */
const AWAITING_APPROVAL = `EXISTS (SELECT 1 FROM reply_delivery d WHERE d.message_id = m.id AND d.state = 'awaiting_approval')`;

function withApproval(entities: MessageEntity[], raw: { m_id: string; k_awaiting: boolean }[]): MessageRecord[] {
  const held = new Set(raw.filter((r) => r.k_awaiting).map((r) => r.m_id));
  return entities.map((e) => (held.has(e.id) ? Object.assign(e, { awaitingApproval: true }) : e));
}

export type TimelineEntry = Pick<ConversationEventEntity, 'workspaceId' | 'conversationId' | 'type' | 'actorType' | 'actorUserId' | 'data'>;

/** Named queries around one conversation: its messages, post, customer identities, timeline and read markers. */
@Injectable()
export class ConversationThreadRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findConversation(workspaceId: string, id: string): Promise<ConversationEntity | null> {
    return this.db.getRepository(ConversationEntity).findOneBy({ workspaceId, id });
  }

  /** Locks the rows for a change; ids of other workspaces are simply not found. */
  lockConversations(tx: EntityManager, workspaceId: string, ids: readonly string[]): Promise<ConversationEntity[]> {
    return tx
      .getRepository(ConversationEntity)
      .createQueryBuilder('c')
      .where('c.workspace_id = :workspaceId AND c.id IN (:...ids)', { workspaceId, ids })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Newest `limit` messages older than the cursor, returned oldest first. */
  async messagesPage(
    workspaceId: string,
    conversationId: string,
    before: MessageCursor | null,
    limit: number,
  ): Promise<{ items: MessageRecord[]; nextCursor: string | null }> {
    const qb = this.db
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .addSelect(pgIso('m.created_at'), 'k_created')
      .addSelect(AWAITING_APPROVAL, 'k_awaiting')
      .where('m.workspace_id = :workspaceId AND m.conversation_id = :conversationId', { workspaceId, conversationId });
    if (before) qb.andWhere('(m.created_at, m.id) < (:createdAt::timestamptz, :id::uuid)', before);
    const { entities, raw } = await qb
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1)
      .getRawAndEntities<{ m_id: string; k_created: string; k_awaiting: boolean }>();
    const more = entities.length > limit;
    const page = withApproval(entities.slice(0, limit), raw);
    const oldest = page[page.length - 1];
    const key = oldest ? raw.find((r) => r.m_id === oldest.id)?.k_created : undefined;
    return {
      items: page.reverse(),
      nextCursor: more && oldest && key ? encodeMessageCursor({ createdAt: key, id: oldest.id }) : null,
    };
  }

  findMessage(workspaceId: string, id: string): Promise<MessageEntity | null> {
    return this.db.getRepository(MessageEntity).findOneBy({ workspaceId, id });
  }

  async findMessages(workspaceId: string, ids: readonly string[]): Promise<MessageRecord[]> {
    if (!ids.length) return [];
    const { entities, raw } = await this.db
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .addSelect(AWAITING_APPROVAL, 'k_awaiting')
      .where('m.workspace_id = :workspaceId AND m.id IN (:...ids)', { workspaceId, ids })
      .getRawAndEntities<{ m_id: string; k_awaiting: boolean }>();
    return withApproval(entities, raw);
  }

  findPost(workspaceId: string, id: string): Promise<PostEntity | null> {
    return this.db.getRepository(PostEntity).findOneBy({ workspaceId, id });
  }

  identitiesOf(workspaceId: string, contactId: string): Promise<ContactIdentityEntity[]> {
    return this.db.getRepository(ContactIdentityEntity).find({ where: { workspaceId, contactId }, order: { createdAt: 'ASC' } });
  }

  async teamExists(workspaceId: string, teamId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM team WHERE workspace_id = $1 AND id = $2`, [workspaceId, teamId]);
    return rows.length > 0;
  }

  async isMember(workspaceId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `SELECT 1 FROM workspace_member wm JOIN app_user u ON u.id = wm.user_id
       WHERE wm.workspace_id = $1 AND wm.user_id = $2 AND u.disabled_at IS NULL`,
      [workspaceId, userId],
    );
    return rows.length > 0;
  }

  async appendTimeline(tx: EntityManager, entries: TimelineEntry[]): Promise<void> {
    if (!entries.length) return;
    await tx.query(
      `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data)
       SELECT e.workspace_id, e.conversation_id, e.type, e.actor_type, e.actor_user_id, e.data
       FROM jsonb_to_recordset($1::jsonb) AS e(workspace_id uuid, conversation_id uuid, type text, actor_type text, actor_user_id uuid, data jsonb)`,
      [
        JSON.stringify(
          entries.map((e) => ({
            workspace_id: e.workspaceId,
            conversation_id: e.conversationId,
            type: e.type,
            actor_type: e.actorType,
            actor_user_id: e.actorUserId,
            data: e.data,
          })),
        ),
      ],
    );
  }

  /** Everything up to the newest message (or now, if later) counts as read; the marker never moves back. */
  async markRead(workspaceId: string, conversationId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO conversation_read (conversation_id, user_id, last_read_at)
       SELECT c.id, $3, GREATEST(now(), COALESCE((SELECT max(m.created_at) FROM message m WHERE m.conversation_id = c.id), now()))
       FROM conversation c WHERE c.workspace_id = $1 AND c.id = $2
       ON CONFLICT (conversation_id, user_id) DO UPDATE
         SET last_read_at = GREATEST(conversation_read.last_read_at, EXCLUDED.last_read_at)
       RETURNING conversation_id`,
      [workspaceId, conversationId, userId],
    );
    return rows.length > 0;
  }

  /** Snoozes that ran out: back to open, in one statement every process may run safely. */
  async wakeSnoozed(): Promise<{ id: string; workspace_id: string }[]> {
    return this.db.query(
      `WITH woken AS (
         UPDATE conversation SET status = 'open', snoozed_until = NULL, updated_at = now()
         WHERE status = 'snoozed' AND snoozed_until <= now()
         RETURNING id, workspace_id),
       timeline AS (
         INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data)
         SELECT workspace_id, id, 'status.changed', 'system', '{"from":"snoozed","to":"open","reason":"snooze_ended"}'::jsonb
         FROM woken)
       SELECT id, workspace_id FROM woken`,
    );
  }
}
