import type {
  RerunRoutingResponse,
  RoutingLexiconExtension,
  RoutingPreviewResponse,
  RoutingRule,
  RoutingSettings,
} from '@babillard/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WORKSPACE_PREFIX } from '../../common/api-prefix';
import { MinRole } from '../../common/decorators/min-role.decorator';
import { CreateRoutingRuleDto, ReorderRoutingRulesDto, RerunRoutingDto, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingPreviewDto } from './dto/routing-preview.dto';
import { LexiconExtensionDto, UpdateRoutingSettingsDto } from './dto/routing-settings.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@ApiBearerAuth()
@Controller(`${WORKSPACE_PREFIX}/routing`)
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Try a message: category, detection, rules that fire and why, resulting team and priority. Nothing is stored.' })
  preview(@Param('workspaceId') workspaceId: string, @Body() dto: RoutingPreviewDto): Promise<RoutingPreviewResponse> {
    return this.routing.preview(workspaceId, dto);
  }

  @Get('rules')
  list(@Param('workspaceId') workspaceId: string): Promise<RoutingRule[]> {
    return this.routing.listRules(workspaceId);
  }

  @Get('rules/:ruleId')
  get(@Param('workspaceId') workspaceId: string, @Param('ruleId', ParseUUIDPipe) ruleId: string): Promise<RoutingRule> {
    return this.routing.getRule(workspaceId, ruleId);
  }

  @Post('rules')
  @MinRole('lead')
  create(@Param('workspaceId') workspaceId: string, @Body() dto: CreateRoutingRuleDto): Promise<RoutingRule> {
    return this.routing.createRule(workspaceId, dto);
  }

  @Put('rules/order')
  @MinRole('lead')
  reorder(@Param('workspaceId') workspaceId: string, @Body() dto: ReorderRoutingRulesDto): Promise<RoutingRule[]> {
    return this.routing.reorder(workspaceId, dto.ids);
  }

  @Post('rules/rerun')
  @MinRole('lead')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-apply the current rules to existing threads (rules never re-run by themselves).' })
  rerun(@Param('workspaceId') workspaceId: string, @Body() dto: RerunRoutingDto): Promise<RerunRoutingResponse> {
    return this.routing.rerun(workspaceId, dto);
  }

  @Patch('rules/:ruleId')
  @MinRole('lead')
  update(
    @Param('workspaceId') workspaceId: string,
    @Param('ruleId', ParseUUIDPipe) ruleId: string,
    @Body() dto: UpdateRoutingRuleDto,
  ): Promise<RoutingRule> {
    return this.routing.updateRule(workspaceId, ruleId, dto);
  }

  @Delete('rules/:ruleId')
  @MinRole('lead')
  @HttpCode(204)
  remove(@Param('workspaceId') workspaceId: string, @Param('ruleId', ParseUUIDPipe) ruleId: string): Promise<void> {
    return this.routing.deleteRule(workspaceId, ruleId);
  }

  @Get('settings')
  settings(@Param('workspaceId') workspaceId: string): Promise<RoutingSettings> {
    return this.routing.getSettings(workspaceId);
  }

  @Patch('settings')
  @MinRole('lead')
  updateSettings(@Param('workspaceId') workspaceId: string, @Body() dto: UpdateRoutingSettingsDto): Promise<RoutingSettings> {
    return this.routing.updateSettings(workspaceId, dto);
  }

  @Get('lexicon')
  lexicon(@Param('workspaceId') workspaceId: string): Promise<RoutingLexiconExtension> {
    return this.routing.getLexicon(workspaceId);
  }

  @Put('lexicon')
  @MinRole('lead')
  @ApiOperation({ summary: "Replace the workspace's additions to the built-in lexicons." })
  updateLexicon(@Param('workspaceId') workspaceId: string, @Body() dto: LexiconExtensionDto): Promise<RoutingLexiconExtension> {
    return this.routing.updateLexicon(workspaceId, dto);
  }
}
