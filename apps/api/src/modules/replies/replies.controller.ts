import type { Message } from '@babillard/contracts';
import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { NoteDto, ReplyDto } from './dto/reply.dto';
import { NotesService } from './notes.service';
import { RepliesService } from './replies.service';

@ApiTags('replies')
@ApiBearerAuth()
@Controller(WORKSPACE_PREFIX)
export class RepliesController {
  constructor(
    private readonly replies: RepliesService,
    private readonly notes: NotesService,
  ) {}

  @Post('conversations/:id/replies')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Reply to the customer',
    description:
      '202 with the message `pending`; delivery is asynchronous (message.updated). The same idempotencyKey returns the same message. ' +
      '422 for empty or over-limit text or a closed messaging window; 409 when expectedLastMessageId is stale.',
  })
  reply(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) conversationId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: ReplyDto,
  ): Promise<Message> {
    return this.replies.reply(workspaceId, conversationId, user, dto);
  }

  @Post('conversations/:id/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a private note; @mentions notify colleagues' })
  note(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) conversationId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: NoteDto,
  ): Promise<Message> {
    return this.notes.add(workspaceId, conversationId, user, dto);
  }

  @Post('messages/:messageId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed reply again' })
  retry(@Param('workspaceId') workspaceId: string, @Param('messageId', ParseUUIDPipe) messageId: string, @CurrentUser() user: AuthUser): Promise<Message> {
    return this.replies.retry(workspaceId, messageId, user);
  }

  @Post('messages/:messageId/approve')
  @MinRole('lead')
  @HttpCode(202)
  @ApiOperation({ summary: 'Approve a reply held on a crisis thread (lead or admin)' })
  approve(@Param('workspaceId') workspaceId: string, @Param('messageId', ParseUUIDPipe) messageId: string, @CurrentUser() user: AuthUser): Promise<Message> {
    return this.replies.approve(workspaceId, messageId, user);
  }
}
