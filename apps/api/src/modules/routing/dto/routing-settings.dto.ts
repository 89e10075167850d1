import type { MergeCrisesRequest, OpenCrisisRequest, RoutingLexiconExtension, RoutingSettings } from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { trim } from '../../../common/transforms';

export class UpdateRoutingSettingsDto implements Partial<RoutingSettings> {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() crisisTeamId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1440) spikeWindowMinutes?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(10_000) spikeMinCount?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(1) @Max(100) spikeFactor?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(720) baselineHours?: number;
  @ApiPropertyOptional({ description: 'An open incident with no new crisis-signal message for this many minutes closes by itself; 0 = never.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_080)
  crisisQuietMinutes?: number;
}

export class LexiconExtensionDto implements RoutingLexiconExtension {
  @ApiPropertyOptional() @IsOptional() @IsObject() intents?: RoutingLexiconExtension['intents'];
  @ApiPropertyOptional() @IsOptional() @IsObject() sentiment?: RoutingLexiconExtension['sentiment'];
  @ApiPropertyOptional() @IsOptional() @IsObject() crisis?: RoutingLexiconExtension['crisis'];
  @ApiPropertyOptional() @IsOptional() @IsObject() cues?: RoutingLexiconExtension['cues'];
}

export class OpenCrisisDto implements OpenCrisisRequest {
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty({ message: 'title must not be empty' }) @MaxLength(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) conversationIds?: string[];
}

export class MergeCrisesDto implements MergeCrisesRequest {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsUUID('all', { each: true }) incidentIds: string[];
}

export class AttachConversationsDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) conversationIds: string[];
}
