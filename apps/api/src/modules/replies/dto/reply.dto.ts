import type { Attachment, NoteRequest, ReplyRequest } from '@babillard/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

export class AttachmentDto implements Attachment {
  @ApiProperty({ example: 'image' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  type: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'attachments.url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

export class ReplyDto implements ReplyRequest {
  // Emptiness and platform limits are checked by the service, which answers 422 in an agent's words.
  @ApiProperty({ description: 'The reply as the customer will read it; limits depend on the platform' })
  @IsString({ message: 'text must be a string' })
  @MaxLength(20_000)
  text: string;

  @ApiProperty({ description: 'Chosen by the client per reply; the same key again returns the same message and sends nothing', example: '6f1c…' })
  @IsString({ message: 'idempotencyKey must be a string' })
  @IsNotEmpty({ message: 'idempotencyKey must not be empty' })
  @MaxLength(200)
  @Matches(/^[\w.:-]+$/, { message: 'idempotencyKey may hold letters, digits, dot, colon, dash and underscore only' })
  idempotencyKey: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    description: 'Soft lock: the newest message the agent saw. If the customer wrote since, the reply is refused with 409.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'expectedLastMessageId must be a message id (UUID)' })
  expectedLastMessageId?: string;
}

export class NoteDto implements NoteRequest {
  @ApiProperty({ description: 'Private note; `@name` or `@email-local-part` mentions a colleague' })
  @IsString({ message: 'text must be a string' })
  @MaxLength(20_000)
  text: string;

  @ApiPropertyOptional({ description: 'Colleagues to notify, by user id (in addition to @mentions in the text)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'mentionedUserIds must be user ids (UUID)' })
  mentionedUserIds?: string[];
}
