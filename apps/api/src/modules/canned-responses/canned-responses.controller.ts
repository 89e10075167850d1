import type { CannedResponse } from '@babillard/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { CannedResponsesService } from './canned-responses.service';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from './dto/canned-response.dto';

/** Agents read the workspace's canned responses; leads and admins write them. */
@ApiTags('canned-responses')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/canned-responses`)
export class CannedResponsesController {
  constructor(private readonly canned: CannedResponsesService) {}

  @Get()
  @ApiOperation({ summary: 'The workspace’s canned responses, by shortcut' })
  list(@Param('workspaceId') workspaceId: string): Promise<CannedResponse[]> {
    return this.canned.list(workspaceId);
  }

  @Post()
  @MinRole('lead')
  create(@Param('workspaceId') workspaceId: string, @CurrentUser() user: AuthUser, @Body() dto: CreateCannedResponseDto): Promise<CannedResponse> {
    return this.canned.create(workspaceId, user.id, dto);
  }

  @Patch(':id')
  @MinRole('lead')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCannedResponseDto,
  ): Promise<CannedResponse> {
    return this.canned.update(workspaceId, id, dto);
  }

  @Delete(':id')
  @MinRole('lead')
  @HttpCode(204)
  remove(@Param('workspaceId') workspaceId: string, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.canned.remove(workspaceId, id);
  }
}
