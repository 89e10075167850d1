import { parseApiChannelWebhook, verifyApiChannelSignature } from '@babillard/connectors';
import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  type RawBodyRequest,
  Req,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { Public } from '../../../common/decorators/public.decorator';
import { ApiChannelKeys, type ApiChannelKey } from '../intake/api-channel-keys';
import { IntakeService, type IntakeReceipt } from '../intake/intake.service';
import { rawBodyOf } from './raw-body';

/** The generic channel (web forms, review sites…), signed with the channel's own secret. */
@Public()
@ApiTags('webhooks')
@Controller('webhooks/api')
export class ApiWebhookController {
  constructor(
    private readonly keys: ApiChannelKeys,
    private readonly intake: IntakeService,
  ) {}

  @Post(':channelId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Generic channel events {events:[…]}, signed with X-Babillard-Signature (channel secret); 200 once stored' })
  async receive(
    @Param('channelId') channelId: string,
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-babillard-signature') signature: string | undefined,
  ): Promise<IntakeReceipt> {
    const raw = rawBodyOf(req);
    if (!isUUID(channelId)) throw new NotFoundException('channel not found');
    let key = await this.verifiedKey(channelId, raw, signature, false);
    const parsed = parseApiChannelWebhook(key.channelId, req.body);
    if (!parsed.ok) throw new BadRequestException(parsed.problems);
    if (!(await this.intake.acceptSigned(key, parsed.events))) {
      // The channel's secret changed (or the channel went) since its key was cached: check again.
      key = await this.verifiedKey(channelId, raw, signature, true);
      if (!(await this.intake.acceptSigned(key, parsed.events))) throw new ServiceUnavailableException('the channel changed while storing, retry');
    }
    return { accepted: parsed.events.length, skipped: 0 };
  }

  /** The channel's key, once the body's signature matches it; a cached key that does not match is read again first. */
  private async verifiedKey(channelId: string, raw: Buffer, signature: string | undefined, fresh: boolean): Promise<ApiChannelKey> {
    let key = await this.load(channelId, fresh);
    if (!fresh && !matches(key, raw, signature)) key = await this.load(channelId, true);
    if (!matches(key, raw, signature)) throw new UnauthorizedException('X-Babillard-Signature is missing or does not match the body');
    return key;
  }

  private async load(channelId: string, fresh: boolean): Promise<ApiChannelKey> {
    let key: ApiChannelKey | null;
    try {
      key = fresh ? await this.keys.reload(channelId) : await this.keys.get(channelId);
    } catch {
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
    if (!key) throw new NotFoundException('channel not found');
    return key;
  }
}

const matches = (key: ApiChannelKey, raw: Buffer, signature: string | undefined) => !!key.secret && verifyApiChannelSignature(key.secret, raw, signature);
