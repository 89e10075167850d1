import type { Channel } from '@babillard/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { ChannelsService } from './channels.service';
import { CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';

@ApiTags('channels')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/channels`)
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  list(@Param('workspaceId') workspaceId: string): Promise<Channel[]> {
    return this.channels.list(workspaceId);
  }

  @Get(':channelId')
  get(@Param('workspaceId') workspaceId: string, @Param('channelId', ParseUUIDPipe) channelId: string): Promise<Channel> {
    return this.channels.get(workspaceId, channelId);
  }

  @Post()
  @MinRole('admin')
  create(@Param('workspaceId') workspaceId: string, @Body() dto: CreateChannelDto): Promise<Channel> {
    return this.channels.create(workspaceId, dto);
  }

  @Patch(':channelId')
  @MinRole('admin')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('channelId', ParseUUIDPipe) channelId: string,
    @Body() dto: UpdateChannelDto,
  ): Promise<Channel> {
    return this.channels.update(workspaceId, channelId, dto);
  }

  @Post(':channelId/rotate-secret')
  @MinRole('admin')
  rotateSecret(@Param('workspaceId') workspaceId: string, @Param('channelId', ParseUUIDPipe) channelId: string): Promise<Channel> {
    return this.channels.rotateSecret(workspaceId, channelId);
  }

  @Delete(':channelId')
  @MinRole('admin')
  @HttpCode(204)
  remove(@Param('workspaceId') workspaceId: string, @Param('channelId', ParseUUIDPipe) channelId: string): Promise<void> {
    return this.channels.remove(workspaceId, channelId);
  }
}
