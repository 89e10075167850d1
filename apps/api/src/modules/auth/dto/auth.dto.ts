import type { LoginRequest, RefreshRequest } from '@babillard/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { lowerTrim } from '../../../common/transforms';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'admin@babillard.local' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  email: string;

  @ApiProperty()
  @IsString({ message: 'password must be a string' })
  @IsNotEmpty({ message: 'password must not be empty' })
  @MaxLength(200)
  password: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString({ message: 'refreshToken must be a string' })
  @IsNotEmpty({ message: 'refreshToken must not be empty' })
  @MaxLength(200)
  refreshToken: string;
}
