import type { WorkspaceUser } from '@babillard/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/users`)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Param('workspaceId') workspaceId: string): Promise<WorkspaceUser[]> {
    return this.users.list(workspaceId);
  }

  @Get(':userId')
  get(@Param('workspaceId') workspaceId: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<WorkspaceUser> {
    return this.users.get(workspaceId, userId);
  }

  @Post()
  @MinRole('admin')
  create(@Param('workspaceId') workspaceId: string, @Body() dto: CreateUserDto): Promise<WorkspaceUser> {
    return this.users.create(workspaceId, dto);
  }

  @Patch(':userId')
  @MinRole('admin')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ): Promise<WorkspaceUser> {
    return this.users.update(workspaceId, userId, dto);
  }

  @Delete(':userId')
  @MinRole('admin')
  @HttpCode(204)
  remove(@Param('workspaceId') workspaceId: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    return this.users.remove(workspaceId, userId);
  }
}
