import type { Message } from '@babillard/contracts';
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth-user';
import { DOMAIN_EVENTS, type MessageChanged, type NotificationRequested } from '../conversations/conversation.events';
import { MessageEntity } from '../conversations/message.entity';
import { toMessage } from '../conversations/message.mapper';
import type { NoteDto } from './dto/reply.dto';
import { resolveMentions, type Colleague } from './mentions';

/** Private notes: stored on the thread, never sent to a platform; @mentions notify colleagues live. */
@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async add(workspaceId: string, conversationId: string, user: AuthUser, dto: NoteDto): Promise<Message> {
    if (dto.text.trim().length === 0) throw new UnprocessableEntityException('the note is empty: write something before saving');
    const [conversation]: { channel_id: string }[] = await this.db.query(
      `SELECT channel_id FROM conversation WHERE id = $1 AND workspace_id = $2`,
      [conversationId, workspaceId],
    );
    if (!conversation) throw new NotFoundException('conversation not found');
    const colleagues: Colleague[] = await this.db.query(
      `SELECT u.id, u.name, u.email FROM workspace_member wm JOIN app_user u ON u.id = wm.user_id
       WHERE wm.workspace_id = $1 AND u.disabled_at IS NULL`,
      [workspaceId],
    );
    const author = colleagues.find((c) => c.id === user.id);
    const explicit = new Set(dto.mentionedUserIds ?? []);
    const unknown = [...explicit].filter((id) => !colleagues.some((c) => c.id === id));
    if (unknown.length) throw new UnprocessableEntityException(`mentionedUserIds: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not members' : 'is not a member'} of this workspace`);
    const mentioned = [...resolveMentions(dto.text, colleagues), ...colleagues.filter((c) => explicit.has(c.id))];
    const notify = [...new Set(mentioned.map((c) => c.id))].filter((id) => id !== user.id);

    const now = new Date();
    const note = this.db.getRepository(MessageEntity).create({
      id: randomUUID(),
      workspaceId,
      conversationId,
      channelId: conversation.channel_id,
      direction: 'note',
      externalId: null,
      authorUserId: user.id,
      authorName: author?.name ?? null,
      text: dto.text,
      attachments: [],
      deliveryStatus: null,
      createdAt: now,
      receivedAt: now,
    });
    await this.db.transaction(async (m) => {
      await m.getRepository(MessageEntity).insert(note);
      await m.query(
        `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, actor_user_id, data)
         VALUES ($1, $2, 'note.added', 'user', $3, $4)`,
        [workspaceId, conversationId, user.id, { messageId: note.id, mentionedUserIds: notify }],
      );
    });
    this.events.emit(DOMAIN_EVENTS.messageCreated, { workspaceId, conversationId, messageId: note.id } satisfies MessageChanged);
    if (notify.length > 0) {
      const excerpt = dto.text.length > 140 ? `${dto.text.slice(0, 139)}…` : dto.text;
      const notification: NotificationRequested = {
        workspaceId,
        userIds: notify,
        kind: 'mention',
        conversationId,
        text: `${author?.name ?? 'A colleague'} mentioned you: ${excerpt}`,
      };
      this.events.emit(DOMAIN_EVENTS.notification, notification);
    }
    return toMessage(note);
  }
}
