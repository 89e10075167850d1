import type { CrisisIncidentDetail, CrisisIncidentSummary } from '@babillard/contracts';
import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../../common/api-prefix';
import type { AuthUser } from '../../../common/auth-user';
import { CurrentUser } from '../../../common/decorators/current-user.decorator';
import { MinRole } from '../../../common/decorators/min-role.decorator';
import { AttachConversationsDto, MergeCrisesDto, OpenCrisisDto } from '../dto/routing-settings.dto';
import { CrisisIncidentsService } from './crisis-incidents.service';

@ApiTags('crises')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/crises`)
export class CrisisController {
  constructor(private readonly crises: CrisisIncidentsService) {}

  @Get()
  list(@Param('workspaceId') workspaceId: string, @Query('status') status?: string): Promise<CrisisIncidentSummary[]> {
    if (status !== undefined && status !== 'open' && status !== 'closed') throw new BadRequestException('status must be open or closed');
    return this.crises.list(workspaceId, status);
  }

  @Get(':incidentId')
  get(@Param('workspaceId') workspaceId: string, @Param('incidentId', ParseUUIDPipe) id: string): Promise<CrisisIncidentDetail> {
    return this.crises.get(workspaceId, id);
  }

  @Post()
  @MinRole('lead')
  open(@Param('workspaceId') workspaceId: string, @CurrentUser() user: AuthUser, @Body() dto: OpenCrisisDto): Promise<CrisisIncidentDetail> {
    return this.crises.open(workspaceId, user.id, dto);
  }

  @Post(':incidentId/conversations')
  @MinRole('lead')
  @HttpCode(200)
  attach(
    @Param('workspaceId') workspaceId: string,
    @CurrentUser() user: AuthUser,
    @Param('incidentId', ParseUUIDPipe) id: string,
    @Body() dto: AttachConversationsDto,
  ): Promise<CrisisIncidentDetail> {
    return this.crises.attach(workspaceId, user.id, id, dto.conversationIds);
  }

  @Post(':incidentId/merge')
  @MinRole('lead')
  @HttpCode(200)
  merge(
    @Param('workspaceId') workspaceId: string,
    @CurrentUser() user: AuthUser,
    @Param('incidentId', ParseUUIDPipe) id: string,
    @Body() dto: MergeCrisesDto,
  ): Promise<CrisisIncidentDetail> {
    return this.crises.merge(workspaceId, user.id, id, dto.incidentIds);
  }

  @Post(':incidentId/close')
  @MinRole('lead')
  @HttpCode(200)
  close(@Param('workspaceId') workspaceId: string, @CurrentUser() user: AuthUser, @Param('incidentId', ParseUUIDPipe) id: string): Promise<CrisisIncidentDetail> {
    return this.crises.close(workspaceId, user.id, id);
  }
}
