import type { Conversation } from '@babillard/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { planConversationChange, type ConversationPatch, type PlannedChange } from './conversation-change';
import { ConversationEntity } from './conversation.entity';
import {
  DOMAIN_EVENTS,
  type AssignmentChanged,
  type ConversationChanged,
  type ConversationRead,
} from './conversation.events';
import { toConversation } from './conversation.mapper';
import { ConversationThreadRepository, type TimelineEntry } from './conversation-thread.repository';
import type { UpdateConversationDto } from './dto/update-conversation.dto';
import { ConversationQueueRepository } from './queue/conversation-queue.repository';

interface Applied {
  conversation: ConversationEntity;
  plan: PlannedChange;
}

/**
 * Changes agents make to conversations. Each change is written with its timeline entries in one
 * transaction; domain events go out only after the commit.
 */
@Injectable()
export class ConversationUpdatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly thread: ConversationThreadRepository,
    private readonly queue: ConversationQueueRepository,
    private readonly events: EventEmitter2,
  ) {}

  async update(workspaceId: string, actorId: string, id: string, dto: UpdateConversationDto): Promise<Conversation> {
    const { found } = await this.apply(workspaceId, actorId, [id], dto);
    if (!found.length) throw new NotFoundException('conversation not found');
    return this.view(workspaceId, actorId, id);
  }

  async bulkUpdate(
    workspaceId: string,
    actorId: string,
    ids: string[],
    dto: UpdateConversationDto,
  ): Promise<{ items: Conversation[]; notFound: string[] }> {
    const unique = [...new Set(ids)];
    const { found } = await this.apply(workspaceId, actorId, unique, dto);
    const rows = await this.queue.findByIds(workspaceId, found, actorId);
    const foundSet = new Set(found);
    return { items: rows.map(toConversation), notFound: unique.filter((i) => !foundSet.has(i)) };
  }

  async markRead(workspaceId: string, userId: string, id: string): Promise<Conversation> {
    if (!(await this.thread.markRead(workspaceId, id, userId))) throw new NotFoundException('conversation not found');
    const event: ConversationRead = { workspaceId, conversationId: id, userId };
    this.events.emit(DOMAIN_EVENTS.conversationRead, event);
    return this.view(workspaceId, userId, id);
  }

  private async apply(workspaceId: string, actorId: string, ids: string[], dto: UpdateConversationDto): Promise<{ found: string[] }> {
    const patch = await this.validate(workspaceId, dto);
    const now = new Date();
    const applied: Applied[] = [];
    const found = await this.db.transaction(async (tx) => {
      const locked = await this.thread.lockConversations(tx, workspaceId, ids);
      const timeline: TimelineEntry[] = [];
      for (const conversation of locked) {
        const plan = planConversationChange(conversation, patch, now);
        if (!plan.changes.length) continue;
        await tx.getRepository(ConversationEntity).update({ id: conversation.id }, plan.set);
        timeline.push(
          ...plan.timeline.map((t) => ({
            workspaceId,
            conversationId: conversation.id,
            type: t.type,
            actorType: 'user' as const,
            actorUserId: actorId,
            data: t.data,
          })),
        );
        applied.push({ conversation, plan });
      }
      await this.thread.appendTimeline(tx, timeline);
      return locked.map((c) => c.id);
    });
    for (const a of applied) this.publish(workspaceId, actorId, a);
    return { found };
  }

  private publish(workspaceId: string, actorId: string, { conversation, plan }: Applied): void {
    const changed: ConversationChanged = {
      workspaceId,
      conversationId: conversation.id,
      changes: plan.changes,
      actorUserId: actorId,
      previousTeamId: plan.set.teamId !== undefined ? plan.previousTeamId : undefined,
      previousAssigneeId: plan.assignment ? plan.assignment.from : undefined,
    };
    this.events.emit(DOMAIN_EVENTS.conversationUpdated, changed);
    if (plan.assignment) {
      const assignment: AssignmentChanged = {
        workspaceId,
        conversationId: conversation.id,
        assigneeId: plan.assignment.to,
        previousAssigneeId: plan.assignment.from,
        teamId: plan.set.teamId !== undefined ? plan.set.teamId : conversation.teamId,
        actorUserId: actorId,
      };
      this.events.emit(DOMAIN_EVENTS.assignmentChanged, assignment);
    }
  }

  private async validate(workspaceId: string, dto: UpdateConversationDto): Promise<ConversationPatch> {
    if (dto.teamId && !(await this.thread.teamExists(workspaceId, dto.teamId))) {
      throw new BadRequestException('teamId is not a team of this workspace');
    }
    if (dto.assigneeId && !(await this.thread.isMember(workspaceId, dto.assigneeId))) {
      throw new BadRequestException('assigneeId is not an active member of this workspace');
    }
    return {
      status: dto.status,
      priority: dto.priority,
      teamId: dto.teamId,
      assigneeId: dto.assigneeId,
      labels: dto.labels,
      snoozedUntil: dto.snoozedUntil === undefined || dto.snoozedUntil === null ? (dto.snoozedUntil as null | undefined) : new Date(dto.snoozedUntil),
    };
  }

  private async view(workspaceId: string, userId: string, id: string): Promise<Conversation> {
    const [row] = await this.queue.findByIds(workspaceId, [id], userId);
    if (!row) throw new NotFoundException('conversation not found');
    return toConversation(row);
  }
}
