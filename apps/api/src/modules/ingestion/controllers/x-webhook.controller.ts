import { parseXWebhook, verifyXSignature, xCrcResponse } from '@babillard/connectors';
import {
  BadRequestException,
  Controller,
  Get,
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

/** X Account Activity API: CRC challenge and signed event deliveries. */
@Public()
@ApiTags('webhooks')
@Controller('webhooks/x')
export class XWebhookController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly intake: IntakeService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'X Account Activity CRC (crc_token → response_token)' })
  crc(@Query('crc_token') crcToken: unknown): { response_token: string } {
    if (typeof crcToken !== 'string' || !crcToken) throw new BadRequestException('crc_token is required');
    return xCrcResponse(this.runtime.config.X_CONSUMER_SECRET, crcToken);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'X Account Activity events, signed with x-twitter-webhooks-signature; 200 once stored' })
  receive(@Req() req: RawBodyRequest<Request>, @Headers('x-twitter-webhooks-signature') signature: string | undefined): Promise<IntakeReceipt> {
    if (!verifyXSignature(this.runtime.config.X_CONSUMER_SECRET, rawBodyOf(req), signature)) {
      throw new UnauthorizedException('x-twitter-webhooks-signature is missing or does not match the body');
    }
    return this.intake.accept('x', parseXWebhook(req.body));
  }
}
