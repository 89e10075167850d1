import { Module } from '@nestjs/common';
import { RoutingConfigCache } from './config/routing-config.cache';
import { CrisisController } from './crisis/crisis.controller';
import { CrisisDetectorService } from './crisis/crisis-detector.service';
import { CrisisIncidentsRepository } from './crisis/crisis-incidents.repository';
import { CrisisIncidentsService } from './crisis/crisis-incidents.service';
import { CrisisPublisher } from './crisis/crisis-publisher';
import { CrisisQuietCloser } from './crisis/crisis-quiet-closer.service';
import { CrisisQuietScheduler } from './crisis/crisis-quiet.scheduler';
import { InboundRouter } from './inbound-router';
import { WorkspaceLexiconService } from './lexicon/workspace-lexicon.service';
import { RoutingController } from './routing.controller';
import { RoutingEngineService } from './routing-engine.service';
import { RoutingSettingsRepository } from './routing-settings.repository';
import { RoutingService } from './routing.service';
import { RoutingRulesRepository } from './rules/routing-rules.repository';
import { RulesInboundRouter } from './rules-inbound-router';

@Module({
  controllers: [RoutingController, CrisisController],
  providers: [
    RoutingRulesRepository,
    RoutingSettingsRepository,
    CrisisIncidentsRepository,
    WorkspaceLexiconService,
    RoutingConfigCache,
    RoutingEngineService,
    CrisisDetectorService,
    CrisisPublisher,
    CrisisIncidentsService,
    CrisisQuietCloser,
    CrisisQuietScheduler,
    RoutingService,
    { provide: InboundRouter, useClass: RulesInboundRouter },
  ],
  exports: [InboundRouter],
})
export class RoutingModule {}
