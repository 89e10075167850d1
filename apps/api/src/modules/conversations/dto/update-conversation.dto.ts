import {
  CONVERSATION_STATUSES,
  PRIORITIES,
  type BulkUpdateConversationsRequest,
  type ConversationStatus,
  type Priority,
  type UpdateConversationRequest,
} from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';

export class UpdateConversationDto implements UpdateConversationRequest {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES, { message: `status must be one of ${CONVERSATION_STATUSES.join(', ')}` })
  status?: ConversationStatus;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES, { message: `priority must be one of ${PRIORITIES.join(', ')}` })
  priority?: Priority;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'teamId must be a team id (UUID) or null' })
  teamId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'assigneeId must be a user id (UUID) or null' })
  assigneeId?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray({ message: 'labels must be an array of strings' })
  @ArrayMaxSize(20, { message: 'labels may hold at most 20 labels' })
  @IsString({ each: true, message: 'labels must be an array of strings' })
  @MaxLength(50, { each: true, message: 'each label must be at most 50 characters' })
  labels?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'ISO 8601; with status snoozed (implied when set)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true }, { message: 'snoozedUntil must be an ISO 8601 date-time or null' })
  snoozedUntil?: string | null;
}

export class BulkUpdateConversationsDto extends UpdateConversationDto implements BulkUpdateConversationsRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 500 })
  @IsArray({ message: 'ids must be an array of conversation ids' })
  @ArrayMinSize(1, { message: 'ids must hold at least one conversation id' })
  @ArrayMaxSize(500, { message: 'ids may hold at most 500 conversation ids' })
  @IsUUID('all', { each: true, message: 'ids must hold conversation ids (UUIDs)' })
  ids: string[];
}
