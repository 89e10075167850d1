import { PRIORITIES, type Conversation, type ConversationCounts, type ConversationDetail, type ConversationStatus, type Message, type Page } from '@babillard/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';
import { toConversation } from './conversation.mapper';
import { ConversationThreadRepository } from './conversation-thread.repository';
import type { ConversationQueryDto } from './dto/conversation-query.dto';
import { toMessage } from './message.mapper';
import { ConversationQueueRepository } from './queue/conversation-queue.repository';
import { decodeMessageCursor } from './queue/message-cursor';
import { decodeQueueCursor } from './queue/queue-cursor';
import type { QueueFilter } from './queue/queue-filter';

const DEFAULT_PAGE = 50;

/** Reading the queue and one conversation's thread, always as one user of one workspace. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly queue: ConversationQueueRepository,
    private readonly thread: ConversationThreadRepository,
  ) {}

  async list(workspaceId: string, userId: string, query: ConversationQueryDto): Promise<Page<Conversation>> {
    const sort = query.sort ?? 'priority';
    const { rows, nextCursor } = await this.queue.page({
      filter: await this.resolveFilter(workspaceId, userId, query),
      viewerId: userId,
      sort,
      after: query.cursor ? decodeQueueCursor(query.cursor, sort) : null,
      limit: query.limit ?? DEFAULT_PAGE,
    });
    return { items: rows.map(toConversation), nextCursor };
  }

  async counts(workspaceId: string, userId: string, status: ConversationStatus = 'open'): Promise<ConversationCounts> {
    return this.queue.counts(workspaceId, userId, await this.queue.teamIdsOf(workspaceId, userId), status);
  }

  async get(workspaceId: string, userId: string, id: string): Promise<ConversationDetail> {
    const conversation = await this.getOne(workspaceId, userId, id);
    const [post, identities, others] = await Promise.all([
      conversation.postId ? this.thread.findPost(workspaceId, conversation.postId) : null,
      this.thread.identitiesOf(workspaceId, conversation.row.contact.id),
      this.queue.findOthersOfContact(workspaceId, conversation.row.contact.id, id, userId),
    ]);
    return {
      ...conversation.row,
      post: post ? { id: post.id, externalId: post.externalId, text: post.text, permalink: post.permalink } : null,
      identities: identities.map((i) => ({
        id: i.id,
        platform: i.platform,
        externalId: i.externalId,
        handle: i.handle,
        displayName: i.displayName,
        followers: i.followersCount,
        verified: i.verified,
      })),
      otherConversations: others.map(toConversation),
    };
  }

  async messages(workspaceId: string, conversationId: string, cursor: string | undefined, limit = DEFAULT_PAGE): Promise<Page<Message>> {
    const before = cursor ? decodeMessageCursor(cursor) : null;
    if (!(await this.thread.findConversation(workspaceId, conversationId))) throw new NotFoundException('conversation not found');
    const page = await this.thread.messagesPage(workspaceId, conversationId, before, limit);
    return { items: page.items.map(toMessage), nextCursor: page.nextCursor };
  }

  /** One conversation as `userId` sees it in the queue. */
  async getOne(workspaceId: string, userId: string, id: string): Promise<{ row: Conversation; postId: string | null }> {
    const entity = await this.thread.findConversation(workspaceId, id);
    const [row] = entity ? await this.queue.findByIds(workspaceId, [id], userId) : [];
    if (!entity || !row) throw new NotFoundException('conversation not found');
    return { row: toConversation(row), postId: entity.postId };
  }

  private async resolveFilter(workspaceId: string, userId: string, q: ConversationQueryDto): Promise<QueueFilter> {
    const filter: QueueFilter = { workspaceId };
    switch (q.view) {
      case 'mine':
        filter.assignee = { userId };
        break;
      case 'unassigned':
        filter.assignee = 'none';
        break;
      case 'my_teams':
        filter.teamIds = await this.queue.teamIdsOf(workspaceId, userId);
        break;
      case 'crisis':
        filter.crisis = true;
        break;
    }
    if (q.status) filter.status = q.status;
    if (q.teamId) filter.teamIds = [q.teamId];
    if (q.assigneeId) filter.assignee = q.assigneeId === 'none' ? 'none' : { userId: q.assigneeId === 'me' ? userId : q.assigneeId };
    if (q.channelId) filter.channelId = q.channelId;
    if (q.platform) filter.platform = q.platform;
    if (q.kind) filter.kind = q.kind;
    if (q.priority) filter.priorityRank = PRIORITIES.indexOf(q.priority);
    if (q.label) filter.label = q.label.toLowerCase();
    if (q.crisis !== undefined) filter.crisis = q.crisis;
    if (q.q) filter.q = q.q;
    return filter;
  }
}
