import { CONVERSATION_STATUSES, type ConversationStatus, type CreateWorkspaceRequest, type UpdateWorkspaceRequest, type WorkspaceSettings } from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { trim } from '../../../common/transforms';

export class CreateWorkspaceDto implements CreateWorkspaceRequest {
  @ApiProperty({ example: 'Café Boréal' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name: string;
}

export class WorkspaceSettingsDto implements Partial<WorkspaceSettings> {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES })
  @IsOptional()
  @IsIn(CONVERSATION_STATUSES as unknown as string[])
  statusAfterReply?: ConversationStatus;

  @ApiPropertyOptional({ example: 'America/Toronto' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  softLock?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  crisisReplyApproval?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  highReachFollowers?: number;
}

export class UpdateWorkspaceDto implements UpdateWorkspaceRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ type: WorkspaceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkspaceSettingsDto)
  settings?: WorkspaceSettingsDto;
}
