import {
  CONVERSATION_KINDS,
  CONVERSATION_SORTS,
  CONVERSATION_STATUSES,
  PLATFORMS,
  PRIORITIES,
  QUEUE_VIEWS,
  type ConversationKind,
  type ConversationQuery,
  type ConversationSort,
  type ConversationStatus,
  type Platform,
  type Priority,
  type QueueView,
} from '@babillard/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { trim } from '../../../common/transforms';

const oneOf = (name: string, values: readonly string[]) => ({ message: `${name} must be one of ${values.join(', ')}` });
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ConversationQueryDto implements ConversationQuery {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES, oneOf('status', CONVERSATION_STATUSES))
  status?: ConversationStatus;

  @ApiPropertyOptional({ enum: QUEUE_VIEWS, description: 'mine, unassigned, my_teams (the caller’s teams), all, crisis' })
  @IsOptional()
  @IsIn(QUEUE_VIEWS, oneOf('view', QUEUE_VIEWS))
  view?: QueueView;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'teamId must be a team id (UUID)' })
  teamId?: string;

  @ApiPropertyOptional({ description: 'a user id, `me` or `none`' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assigneeId must be a user id (UUID), me or none',
  })
  assigneeId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'channelId must be a channel id (UUID)' })
  channelId?: string;

  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS, oneOf('platform', PLATFORMS))
  platform?: Platform;

  @ApiPropertyOptional({ enum: CONVERSATION_KINDS })
  @IsOptional()
  @IsIn(CONVERSATION_KINDS, oneOf('kind', CONVERSATION_KINDS))
  kind?: ConversationKind;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES, oneOf('priority', PRIORITIES))
  priority?: Priority;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'label must not be empty' })
  @MaxLength(50)
  label?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'crisis must be true or false' })
  crisis?: boolean;

  @ApiPropertyOptional({ description: 'Full-text search over messages (French and English, accents ignored)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_SORTS, default: 'priority' })
  @IsOptional()
  @IsIn(CONVERSATION_SORTS, oneOf('sort', CONVERSATION_SORTS))
  sort?: ConversationSort;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be between 1 and 100' })
  @Max(100, { message: 'limit must be between 1 and 100' })
  limit?: number;
}

export class CountsQueryDto {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES, oneOf('status', CONVERSATION_STATUSES))
  status?: ConversationStatus;
}

export class MessagesQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (older messages)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;
}
