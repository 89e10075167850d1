import type { Workspace } from '@babillard/contracts';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../../common/api-prefix';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { CreateWorkspaceDto, UpdateWorkspaceDto } from './dto/workspace.dto';
import { WorkspacesService } from './workspaces.service';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/workspaces`)
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  list(@CurrentUser() user: AuthUser): Promise<Workspace[]> {
    return this.workspaces.listFor(user);
  }

  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWorkspaceDto): Promise<Workspace> {
    return this.workspaces.create(user, dto);
  }

  @Get(':workspaceId')
  get(@Param('workspaceId') workspaceId: string): Promise<Workspace> {
    return this.workspaces.get(workspaceId);
  }

  @Patch(':workspaceId')
  @MinRole('admin')
  update(@Param('workspaceId') workspaceId: string, @Body() dto: UpdateWorkspaceDto): Promise<Workspace> {
    return this.workspaces.update(workspaceId, dto);
  }
}
