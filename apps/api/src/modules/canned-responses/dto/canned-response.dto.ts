import {
  CANNED_RESPONSE_LIMITS,
  CANNED_SHORTCUT_PATTERN,
  LOCALES,
  type CreateCannedResponseRequest,
  type Locale,
  type UpdateCannedResponseRequest,
} from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '../../../common/transforms';

/** `/Merci ` → `merci`: agents may type the slash, case does not matter. */
const shortcut = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/^\//, '').toLowerCase() : value);

const SHORTCUT_RULE = `shortcut must be 1 to ${CANNED_RESPONSE_LIMITS.shortcut} letters, digits, _, . or - (no spaces)`;
const TEXT_MAX = `text must be at most ${CANNED_RESPONSE_LIMITS.text} characters`;
const LOCALE_RULE = `locale must be one of ${LOCALES.join(', ')} or null`;

export class CreateCannedResponseDto implements CreateCannedResponseRequest {
  @ApiProperty({ example: 'merci', description: 'Typed after / in the composer; stored lower case' })
  @Transform(shortcut)
  @IsString({ message: SHORTCUT_RULE })
  @IsNotEmpty({ message: SHORTCUT_RULE })
  @MaxLength(CANNED_RESPONSE_LIMITS.shortcut, { message: SHORTCUT_RULE })
  @Matches(CANNED_SHORTCUT_PATTERN, { message: SHORTCUT_RULE })
  shortcut: string;

  @ApiProperty({ example: 'Merci pour votre message!' })
  @Transform(trim)
  @IsString({ message: 'text must be a string' })
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(CANNED_RESPONSE_LIMITS.text, { message: TEXT_MAX })
  text: string;

  @ApiPropertyOptional({ enum: LOCALES, nullable: true, description: 'The language of the text; null for any' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(LOCALES, { message: LOCALE_RULE })
  locale?: Locale | null;
}

export class UpdateCannedResponseDto implements UpdateCannedResponseRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(shortcut)
  @IsString({ message: SHORTCUT_RULE })
  @IsNotEmpty({ message: SHORTCUT_RULE })
  @MaxLength(CANNED_RESPONSE_LIMITS.shortcut, { message: SHORTCUT_RULE })
  @Matches(CANNED_SHORTCUT_PATTERN, { message: SHORTCUT_RULE })
  shortcut?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'text must be a string' })
  @IsNotEmpty({ message: 'text must not be empty' })
  @MaxLength(CANNED_RESPONSE_LIMITS.text, { message: TEXT_MAX })
  text?: string;

  @ApiPropertyOptional({ enum: LOCALES, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(LOCALES, { message: LOCALE_RULE })
  locale?: Locale | null;
}
