import type { Team } from '@babillard/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/teams`)
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  list(@Param('workspaceId') workspaceId: string): Promise<Team[]> {
    return this.teams.list(workspaceId);
  }

  @Get(':teamId')
  get(@Param('workspaceId') workspaceId: string, @Param('teamId', ParseUUIDPipe) teamId: string): Promise<Team> {
    return this.teams.get(workspaceId, teamId);
  }

  @Post()
  @MinRole('lead')
  create(@Param('workspaceId') workspaceId: string, @Body() dto: CreateTeamDto): Promise<Team> {
    return this.teams.create(workspaceId, dto);
  }

  @Patch(':teamId')
  @MinRole('lead')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Body() dto: UpdateTeamDto,
  ): Promise<Team> {
    return this.teams.update(workspaceId, teamId, dto);
  }

  @Delete(':teamId')
  @MinRole('lead')
  @HttpCode(204)
  remove(@Param('workspaceId') workspaceId: string, @Param('teamId', ParseUUIDPipe) teamId: string): Promise<void> {
    return this.teams.remove(workspaceId, teamId);
  }
}
