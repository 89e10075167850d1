import type { Presence } from '@babillard/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import { PresenceService } from './presence.service';

@ApiTags('realtime')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/presence`)
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Get()
  @ApiOperation({ summary: 'Presence of every member (online, away, offline); presence.changed keeps it current' })
  list(@Param('workspaceId') workspaceId: string): Promise<Record<string, Presence>> {
    return this.presence.snapshot(workspaceId);
  }
}
