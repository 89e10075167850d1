import { metaHandshakeChallenge, parseMetaWebhook, verifyMetaSignature } from '@babillard/connectors';
import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Post,
  Query,
  type RawBodyRequest,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../../common/decorators/public.decorator';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { IntakeService, type IntakeReceipt } from '../intake/intake.service';
import { rawBodyOf } from './raw-body';

/** Facebook Page, Messenger, Instagram and WhatsApp webhooks (one app subscription). */
@Public()
@ApiTags('webhooks')
@Controller('webhooks/meta')
export class MetaWebhookController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly intake: IntakeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Meta subscription handshake (hub.mode, hub.verify_token, hub.challenge)' })
  @Header('Content-Type', 'text/plain; charset=utf-8')
  handshake(@Query('hub.mode') mode: unknown, @Query('hub.verify_token') token: unknown, @Query('hub.challenge') challenge: unknown): string {
    const answer = metaHandshakeChallenge(this.runtime.config.META_VERIFY_TOKEN, { mode, token, challenge });
    if (answer === null) throw new ForbiddenException('hub.verify_token does not match');
    return answer;
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Meta webhook (page, instagram, whatsapp_business_account), signed with X-Hub-Signature-256; 200 once stored' })
  receive(@Req() req: RawBodyRequest<Request>, @Headers('x-hub-signature-256') signature: string | undefined): Promise<IntakeReceipt> {
    if (!verifyMetaSignature(this.runtime.config.META_APP_SECRET, rawBodyOf(req), signature)) {
      throw new UnauthorizedException('X-Hub-Signature-256 is missing or does not match the body');
    }
    return this.intake.accept('meta', parseMetaWebhook(req.body));
  }
}
