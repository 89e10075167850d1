import { CONVERSATION_KINDS, PLATFORMS, type ConversationKind, type Platform, type RoutingPreviewRequest } from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';

export class PreviewAuthorDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) followers?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() verified?: boolean;
}

export class RoutingPreviewDto implements RoutingPreviewRequest {
  @ApiProperty({ example: "chu pas content, ma commande est pas arrivée" }) @IsString() @MaxLength(10_000) text: string;
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS) platform: Platform;
  @ApiProperty({ enum: CONVERSATION_KINDS }) @IsIn(CONVERSATION_KINDS) kind: ConversationKind;
  @ApiPropertyOptional({ type: PreviewAuthorDto }) @IsOptional() @ValidateNested() @Type(() => PreviewAuthorDto) author?: PreviewAuthorDto;
}
