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
import type { ChannelEntity } from '../../channels/channel.entity';
import { ChannelsService } from '../../channels/channels.service';
import { IntakeService, type IntakeReceipt } from '../intake/intake.service';
import { rawBodyOf } from './raw-body';

/** The generic channel (web forms, review sites…), signed with the channel's own secret. */
@Public()
@ApiTags('webhooks')
@Controller('webhooks/api')
export class ApiWebhookController {
  constructor(
    private readonly channels: ChannelsService,
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
    const channel = await this.findApiChannel(channelId);
    const secret = this.channels.secret(channel);
    if (!secret || !verifyApiChannelSignature(secret, raw, signature)) {
      throw new UnauthorizedException('X-Babillard-Signature is missing or does not match the body');
    }
    const parsed = parseApiChannelWebhook(channel.id, req.body);
    if (!parsed.ok) throw new BadRequestException(parsed.problems);
    await this.intake.acceptForChannel(channel.id, parsed.events);
    return { accepted: parsed.events.length, skipped: 0 };
  }

  private async findApiChannel(channelId: string): Promise<ChannelEntity> {
    if (!isUUID(channelId)) throw new NotFoundException('channel not found');
    let channel: ChannelEntity | null;
    try {
      channel = await this.channels.findById(channelId);
    } catch {
      throw new ServiceUnavailableException('storage is unavailable, retry later');
    }
    if (!channel || channel.platform !== 'api') throw new NotFoundException('channel not found');
    return channel;
  }
}
