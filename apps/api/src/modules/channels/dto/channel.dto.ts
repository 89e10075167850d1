import { PLATFORMS, type CreateChannelRequest, type Platform, type UpdateChannelRequest } from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '../../../common/transforms';

export class CreateChannelDto implements CreateChannelRequest {
  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS as unknown as string[], { message: `platform must be one of ${PLATFORMS.join(', ')}` })
  platform: Platform;

  @ApiProperty({ description: 'Page id, Instagram account id, WhatsApp phone-number id or X user id', example: '100473908465587' })
  @Transform(trim)
  @IsString({ message: 'externalId must be a string (platform ids are never numbers)' })
  @IsNotEmpty({ message: 'externalId must not be empty' })
  @MaxLength(128)
  @Matches(/^[\w.:-]+$/, { message: 'externalId may hold letters, digits, dot, colon, dash and underscore only' })
  externalId: string;

  @ApiProperty({ example: 'Café Boréal — Facebook' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ description: 'Platform access token; stored encrypted, never returned' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  accessToken?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'defaultTeamId must be a team id (UUID)' })
  defaultTeamId?: string;

  @ApiPropertyOptional({ description: '`api` channels: URL replies are POSTed to' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'outboundUrl must be an http(s) URL' })
  outboundUrl?: string;
}

export class UpdateChannelDto implements UpdateChannelRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ description: 'A new access token; a channel that needed reconnection becomes active again' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  accessToken?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'defaultTeamId must be a team id (UUID) or null' })
  defaultTeamId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'outboundUrl must be an http(s) URL' })
  outboundUrl?: string | null;
}
