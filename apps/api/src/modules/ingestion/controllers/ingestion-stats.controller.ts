import { Controller, ForbiddenException, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { API_PREFIX } from '../../../common/api-prefix';
import type { AuthUser } from '../../../common/auth-user';
import { CurrentUser } from '../../../common/decorators/current-user.decorator';
import { IngestionStatsService, type IngestionStats } from '../intake/ingestion-stats.service';

/** Instance-wide: skipped events (unknown pages) belong to no workspace, so instance admins only. */
@ApiTags('ingestion')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/ingestion`)
export class IngestionStatsController {
  constructor(private readonly stats: IngestionStatsService) {}

  @Get('stats')
  read(@CurrentUser() user: AuthUser): Promise<IngestionStats> {
    if (!user.instanceAdmin) throw new ForbiddenException('ingestion stats are for instance admins');
    return this.stats.read();
  }
}
