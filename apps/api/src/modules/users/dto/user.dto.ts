import {
  AVAILABILITIES,
  LOCALES,
  ROLES,
  type Availability,
  type CreateUserRequest,
  type Locale,
  type Role,
  type UpdateMeRequest,
  type UpdateUserRequest,
} from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { lowerTrim, trim } from '../../../common/transforms';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'marie@example.com' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'Marie Gagnon' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ minLength: 8, description: 'Omit to add an existing account to this workspace' })
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(200)
  password?: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'teamIds must contain team ids (UUIDs)' })
  teamIds?: string[];

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be fr or en' })
  locale?: Locale;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'teamIds must contain team ids (UUIDs)' })
  teamIds?: string[];

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be fr or en' })
  locale?: Locale;

  @ApiPropertyOptional({ enum: AVAILABILITIES })
  @IsOptional()
  @IsIn(AVAILABILITIES as unknown as string[], { message: `availability must be one of ${AVAILABILITIES.join(', ')}` })
  availability?: Availability;
}

export class UpdateMeDto implements UpdateMeRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES as unknown as string[], { message: 'locale must be fr or en' })
  locale?: Locale;

  @ApiPropertyOptional({ enum: AVAILABILITIES })
  @IsOptional()
  @IsIn(AVAILABILITIES as unknown as string[], { message: `availability must be one of ${AVAILABILITIES.join(', ')}` })
  availability?: Availability;
}
