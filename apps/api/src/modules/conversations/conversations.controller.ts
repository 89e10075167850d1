import type { Conversation, ConversationCounts, ConversationDetail, Message, Page } from '@babillard/contracts';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ConversationUpdatesService } from './conversation-updates.service';
import { ConversationsService } from './conversations.service';
import { ConversationQueryDto, CountsQueryDto, MessagesQueryDto } from './dto/conversation-query.dto';
import { BulkUpdateConversationsDto, UpdateConversationDto } from './dto/update-conversation.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/conversations`)
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly updates: ConversationUpdatesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The queue: filtered, sorted by priority then waiting time (or last activity), cursor-paged' })
  list(@Param('workspaceId') workspaceId: string, @CurrentUser() user: AuthUser, @Query() query: ConversationQueryDto): Promise<Page<Conversation>> {
    return this.conversations.list(workspaceId, user.id, query);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Sizes of the mine, unassigned, my_teams, all and crisis views for one status (open by default)' })
  counts(@Param('workspaceId') workspaceId: string, @CurrentUser() user: AuthUser, @Query() query: CountsQueryDto): Promise<ConversationCounts> {
    return this.conversations.counts(workspaceId, user.id, query.status);
  }

  @Patch()
  @ApiOperation({ summary: 'Bulk change: the same status, priority, team, assignee or labels on many conversations' })
  bulkUpdate(
    @Param('workspaceId') workspaceId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: BulkUpdateConversationsDto,
  ): Promise<{ items: Conversation[]; notFound: string[] }> {
    const { ids, ...patch } = dto;
    return this.updates.bulkUpdate(workspaceId, user.id, ids, patch);
  }

  @Get(':id')
  get(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ConversationDetail> {
    return this.conversations.get(workspaceId, user.id, id);
  }

  @Patch(':id')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateConversationDto,
  ): Promise<Conversation> {
    return this.updates.update(workspaceId, user.id, id, dto);
  }

  @Get(':id/messages')
  @ApiOperation({ summary: 'Messages, newest page first; each page oldest first; nextCursor pages back in time' })
  messages(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<Page<Message>> {
    return this.conversations.messages(workspaceId, id, query.cursor, query.limit);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks the conversation read for the caller' })
  markRead(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<Conversation> {
    return this.updates.markRead(workspaceId, user.id, id);
  }
}
