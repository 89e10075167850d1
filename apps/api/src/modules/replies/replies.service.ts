import type { ConversationKind, ConversationStatus, Message, Platform, WorkspaceSettings } from '@babillard/contracts';
import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth-user';
import { DOMAIN_EVENTS, type ConversationChanged, type MessageChanged } from '../conversations/conversation.events';
import { MessageEntity } from '../conversations/message.entity';
import { toMessage } from '../conversations/message.mapper';
import { DEFAULT_WORKSPACE_SETTINGS } from '../workspaces/workspace.entity';
import { deliveryStore, type DeliveryState } from './delivery/delivery-store';
import { preparedQuery } from './delivery/prepared';
import { ReplyDeliveryService } from './delivery/reply-delivery.service';
import type { ReplyDto } from './dto/reply.dto';
import { replyRefusal } from './reply-rules';
import { ReplyWriter } from './reply-writer';

interface ReplyContext {
  id: string;
  workspace_id: string;
  channel_id: string;
  platform: Platform;
  kind: ConversationKind;
  status: ConversationStatus;
  crisis_id: string | null;
  last_inbound_at: Date | null;
  channel_settings: { humanAgentTag?: boolean };
  workspace_settings: Partial<WorkspaceSettings>;
  author_name: string | null;
  last_inbound_external_id: string | null;
}

/** Accepting replies (validation, idempotency, the conversation's new state) and the retry/approve actions. */
@Injectable()
export class RepliesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly delivery: ReplyDeliveryService,
    private readonly writer: ReplyWriter,
    private readonly events: EventEmitter2,
  ) {}

  async reply(workspaceId: string, conversationId: string, user: AuthUser, dto: ReplyDto): Promise<Message> {
    const ctx = await this.context(workspaceId, conversationId, user.id);
    const refusal = replyRefusal(dto.text, {
      platform: ctx.platform,
      kind: ctx.kind,
      lastInboundAt: ctx.last_inbound_at,
      humanAgentTag: ctx.channel_settings?.humanAgentTag === true,
    });
    if (refusal) {
      // A retried request whose first try was accepted still gets its message, even if the window closed since.
      const existing = await this.findByKey(workspaceId, conversationId, dto.idempotencyKey);
      if (existing) return existing;
      throw new UnprocessableEntityException(refusal);
    }
    if (dto.expectedLastMessageId) await this.checkSoftLock(conversationId, dto.expectedLastMessageId);

    const settings = { ...DEFAULT_WORKSPACE_SETTINGS, ...ctx.workspace_settings };
    const awaitingApproval = settings.crisisReplyApproval && ctx.crisis_id !== null;
    const now = new Date();
    // A plain object (no entity construction from metadata): it is stored by ReplyWriter's SQL.
    const message: MessageEntity = {
      id: randomUUID(),
      workspaceId,
      conversationId,
      channelId: ctx.channel_id,
      direction: 'outbound',
      externalId: null,
      parentExternalId: ctx.kind === 'dm' ? null : ctx.last_inbound_external_id,
      authorIdentityId: null,
      authorUserId: user.id,
      authorName: ctx.author_name,
      authorHandle: null,
      text: dto.text,
      attachments: dto.attachments ?? [],
      deliveryStatus: 'pending',
      error: null,
      errorCode: null,
      idempotencyKey: dto.idempotencyKey,
      editedAt: null,
      deletedAt: null,
      sentAt: null,
      deliveredAt: null,
      readAt: null,
      failedAt: null,
      createdAt: now,
      receivedAt: now,
    };
    // Message, conversation state, timeline, delivery row and job commit together, with the replies
    // accepted at the same moment (ReplyWriter); workers are woken after the commit (ReplyQueue).
    const created = await this.writer.store({
      message,
      statusFrom: ctx.status,
      statusTo: settings.statusAfterReply,
      jobId: awaitingApproval ? null : randomUUID(),
    });
    // The key was already used (a double click, a retried request): answer with that message.
    if (!created) return (await this.findByKey(workspaceId, conversationId, dto.idempotencyKey))!;
    const changed: MessageChanged = { workspaceId, conversationId, messageId: message.id, created: { ...message, awaitingApproval } };
    this.events.emit(DOMAIN_EVENTS.messageCreated, changed);
    const conversation: ConversationChanged = {
      workspaceId,
      conversationId,
      changes: ['status', 'waitingSince', 'firstResponseAt', 'lastMessage'],
      actorUserId: user.id,
    };
    this.events.emit(DOMAIN_EVENTS.conversationUpdated, conversation);
    return { ...toMessage(message), awaitingApproval };
  }

  /** A failed reply goes out again (the console's retry action). */
  async retry(workspaceId: string, messageId: string, user: AuthUser): Promise<Message> {
    return this.transition(workspaceId, messageId, 'failed', 'only a failed reply can be retried', async (m, d) => {
      await deliveryStore.markMessagePending(m, messageId);
      await this.delivery.requeue(m, d, undefined, { failures: 0, last_error: null });
      await this.timeline(m, d, 'reply.retried', user.id);
    });
  }

  /** A lead lets a reply held on a crisis thread go out. */
  async approve(workspaceId: string, messageId: string, user: AuthUser): Promise<Message> {
    return this.transition(workspaceId, messageId, 'awaiting_approval', 'this reply is not waiting for approval', async (m, d) => {
      await deliveryStore.update(m, messageId, { approved_by: user.id, approved_at: new Date() });
      await this.delivery.requeue(m, d);
      await this.timeline(m, d, 'reply.approved', user.id);
    });
  }

  private async transition(
    workspaceId: string,
    messageId: string,
    from: DeliveryState,
    refusal: string,
    apply: (m: EntityManager, d: { message_id: string; attempt: number; conversation_id: string; workspace_id: string }) => Promise<void>,
  ): Promise<Message> {
    const d = await this.db.transaction(async (m) => {
      const row = await deliveryStore.lock(m, messageId);
      if (!row || row.workspace_id !== workspaceId) throw new NotFoundException('reply not found');
      if (row.state !== from) throw new ConflictException(`${refusal}: it is ${row.state.replace('_', ' ')}`);
      await apply(m, row);
      return row;
    });
    this.events.emit(DOMAIN_EVENTS.messageUpdated, { workspaceId, conversationId: d.conversation_id, messageId } satisfies MessageChanged);
    const message = await this.db.getRepository(MessageEntity).findOneByOrFail({ id: messageId });
    return { ...toMessage(message), awaitingApproval: false };
  }

  private async findByKey(workspaceId: string, conversationId: string, key: string): Promise<Message | null> {
    const message = await this.db.getRepository(MessageEntity).findOneBy({ workspaceId, conversationId, idempotencyKey: key });
    if (!message) return null;
    const [delivery]: { state: DeliveryState }[] = await this.db.query(`SELECT state FROM reply_delivery WHERE message_id = $1`, [message.id]);
    return { ...toMessage(message), awaitingApproval: delivery?.state === 'awaiting_approval' };
  }

  private async context(workspaceId: string, conversationId: string, userId: string): Promise<ReplyContext> {
    const rows = await preparedQuery<ReplyContext>(
      this.db.manager,
      'reply_context',
      `SELECT c.id, c.workspace_id, c.channel_id, c.platform, c.kind, c.status, c.crisis_id, c.last_inbound_at,
              ch.settings AS channel_settings, w.settings AS workspace_settings, u.name AS author_name,
              (SELECT external_id FROM message im
                WHERE im.conversation_id = c.id AND im.direction = 'inbound' AND im.external_id IS NOT NULL
                ORDER BY im.created_at DESC LIMIT 1) AS last_inbound_external_id
       FROM conversation c
       JOIN channel ch ON ch.id = c.channel_id
       JOIN workspace w ON w.id = c.workspace_id
       LEFT JOIN app_user u ON u.id = $3
       WHERE c.id = $1 AND c.workspace_id = $2`,
      [conversationId, workspaceId, userId],
    );
    if (!rows[0]) throw new NotFoundException('conversation not found');
    return rows[0];
  }

  private async checkSoftLock(conversationId: string, expectedLastMessageId: string): Promise<void> {
    const [row]: { known: boolean; newer: number }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM message WHERE id = $2 AND conversation_id = $1) AS known,
              (SELECT count(*)::int FROM message n WHERE n.conversation_id = $1 AND n.direction = 'inbound'
                 AND n.created_at > (SELECT created_at FROM message WHERE id = $2)) AS newer`,
      [conversationId, expectedLastMessageId],
    );
    if (!row.known) throw new UnprocessableEntityException('expectedLastMessageId is not a message of this conversation');
    if (row.newer > 0) {
      throw new ConflictException(
        `the conversation changed since you opened it: the customer wrote ${row.newer} new message${row.newer > 1 ? 's' : ''}; read them before replying`,
      );
    }
  }

  private async timeline(m: EntityManager, d: { workspace_id: string; conversation_id: string; message_id: string }, type: string, userId: string) {
    await m.query(
      `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data) VALUES ($1, $2, $3, 'user', $4, $5)`,
      [d.workspace_id, d.conversation_id, type, userId, { messageId: d.message_id }],
    );
  }
}
