import {
  CONVERSATION_KINDS,
  CONVERSATION_STATUSES,
  CRISIS_SIGNAL_NAMES,
  PLATFORMS,
  PRIORITIES,
  ROUTING_INTENTS,
  type ConversationKind,
  type ConversationStatus,
  type CreateRoutingRuleRequest,
  type CrisisSignalName,
  type Platform,
  type Priority,
  type ReorderRoutingRulesRequest,
  type RerunRoutingRequest,
  type RoutingIntent,
  type RoutingRuleActions,
  type RoutingRuleConditions,
  type SentimentLabel,
  type UpdateRoutingRuleRequest,
} from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../../common/transforms';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class TextConditionDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true }) any?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true }) all?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true }) none?: string[];
}

export class ScheduleDto {
  @ApiPropertyOptional({ type: [Number], description: '0 Sunday … 6 Saturday' })
  @IsOptional() @IsArray() @IsInt({ each: true }) @Min(0, { each: true }) @Max(6, { each: true }) days?: number[];
  @ApiProperty({ example: '09:00' }) @Matches(HHMM, { message: 'schedule.from must be HH:MM' }) from: string;
  @ApiProperty({ example: '17:00' }) @Matches(HHMM, { message: 'schedule.to must be HH:MM' }) to: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() outside?: boolean;
}

export class RuleConditionsDto implements RoutingRuleConditions {
  @ApiPropertyOptional({ enum: PLATFORMS, isArray: true }) @IsOptional() @IsArray() @IsIn(PLATFORMS, { each: true }) platforms?: Platform[];
  @ApiPropertyOptional({ enum: CONVERSATION_KINDS, isArray: true }) @IsOptional() @IsArray() @IsIn(CONVERSATION_KINDS, { each: true }) kinds?: ConversationKind[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsUUID('all', { each: true }) channelIds?: string[];
  @ApiPropertyOptional({ type: TextConditionDto }) @IsOptional() @ValidateNested() @Type(() => TextConditionDto) text?: TextConditionDto;
  @ApiPropertyOptional({ enum: ['fr', 'en', 'und'], isArray: true }) @IsOptional() @IsArray() @IsIn(['fr', 'en', 'und'], { each: true }) languages?: ('fr' | 'en' | 'und')[];
  @ApiPropertyOptional({ enum: ROUTING_INTENTS, isArray: true }) @IsOptional() @IsArray() @IsIn(ROUTING_INTENTS, { each: true }) intents?: RoutingIntent[];
  @ApiPropertyOptional({ enum: ['negative', 'neutral', 'positive'], isArray: true })
  @IsOptional() @IsArray() @IsIn(['negative', 'neutral', 'positive'], { each: true }) sentiments?: SentimentLabel[];
  @ApiPropertyOptional({ enum: CRISIS_SIGNAL_NAMES, isArray: true }) @IsOptional() @IsArray() @IsIn(CRISIS_SIGNAL_NAMES, { each: true }) crisisSignals?: CrisisSignalName[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) minFollowers?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) maxFollowers?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() verified?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() vip?: boolean;
  @ApiPropertyOptional({ type: ScheduleDto }) @IsOptional() @ValidateNested() @Type(() => ScheduleDto) schedule?: ScheduleDto;
}

export class RuleActionsDto implements RoutingRuleActions {
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ enum: PRIORITIES }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(50, { each: true }) labels?: string[];
  @ApiPropertyOptional() @IsOptional() @IsUUID() assigneeId?: string;
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES }) @IsOptional() @IsIn(CONVERSATION_STATUSES) status?: ConversationStatus;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsUUID('all', { each: true }) notifyUserIds?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsUUID('all', { each: true }) notifyTeamIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() crisisCandidate?: boolean;
}

export class CreateRoutingRuleDto implements CreateRoutingRuleRequest {
  @ApiProperty({ example: 'Après-vente → Service après-vente' })
  @Transform(trim) @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(120) name: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() stopProcessing?: boolean;
  @ApiProperty({ type: RuleConditionsDto }) @ValidateNested() @Type(() => RuleConditionsDto) conditions: RuleConditionsDto;
  @ApiProperty({ type: RuleActionsDto }) @ValidateNested() @Type(() => RuleActionsDto) actions: RuleActionsDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) position?: number;
}

export class UpdateRoutingRuleDto implements UpdateRoutingRuleRequest {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(120) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() stopProcessing?: boolean;
  @ApiPropertyOptional({ type: RuleConditionsDto }) @IsOptional() @ValidateNested() @Type(() => RuleConditionsDto) conditions?: RuleConditionsDto;
  @ApiPropertyOptional({ type: RuleActionsDto }) @IsOptional() @ValidateNested() @Type(() => RuleActionsDto) actions?: RuleActionsDto;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) position?: number;
}

export class ReorderRoutingRulesDto implements ReorderRoutingRulesRequest {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids: string[];
}

export class RerunRoutingDto implements RerunRoutingRequest {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) conversationIds?: string[];
  @ApiPropertyOptional({ default: 200 }) @IsOptional() @IsInt() @Min(1) @Max(500) limit?: number;
}
