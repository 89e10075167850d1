import type { Channel, ChannelStatus, Platform } from '@babillard/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { TokenCipher } from '../../core/token-cipher';
import { TeamEntity } from '../teams/team.entity';
import { ChannelEntity } from './channel.entity';
import { CHANNEL_EVENTS, type ChannelStatusChangedEvent } from './channel.events';
import type { CreateChannelDto, UpdateChannelDto } from './dto/channel.dto';

export function toChannel(c: ChannelEntity, hasAccessToken: boolean, secret?: string): Channel {
  return {
    id: c.id,
    workspaceId: c.workspaceId,
    platform: c.platform,
    externalId: c.externalId,
    name: c.name,
    defaultTeamId: c.defaultTeamId,
    status: c.status,
    hasAccessToken,
    outboundUrl: c.platform === 'api' ? (c.settings.outboundUrl ?? null) : undefined,
    ...(secret ? { secret } : {}),
    createdAt: c.createdAt.toISOString(),
  };
}

@Injectable()
export class ChannelsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: TokenCipher,
    private readonly events: EventEmitter2,
  ) {}

  private repo() {
    return this.db.getRepository(ChannelEntity);
  }

  private withSecrets() {
    return this.repo()
      .createQueryBuilder('c')
      .addSelect(['c.accessTokenEncrypted', 'c.secretEncrypted']);
  }

  async list(workspaceId: string): Promise<Channel[]> {
    const rows = await this.withSecrets().where('c.workspace_id = :workspaceId', { workspaceId }).orderBy('c.created_at').getMany();
    return rows.map((c) => toChannel(c, !!c.accessTokenEncrypted));
  }

  async get(workspaceId: string, channelId: string): Promise<Channel> {
    const c = await this.findEntity(workspaceId, channelId);
    return toChannel(c, !!c.accessTokenEncrypted);
  }

  async create(workspaceId: string, dto: CreateChannelDto): Promise<Channel> {
    await this.checkTeam(workspaceId, dto.defaultTeamId);
    const secret = dto.platform === 'api' ? randomBytes(24).toString('base64url') : undefined;
    try {
      const saved = await this.repo().save(
        this.repo().create({
          workspaceId,
          platform: dto.platform,
          externalId: dto.externalId,
          name: dto.name,
          defaultTeamId: dto.defaultTeamId ?? null,
          accessTokenEncrypted: dto.accessToken ? this.cipher.encrypt(dto.accessToken) : null,
          secretEncrypted: secret ? this.cipher.encrypt(secret) : null,
          settings: dto.platform === 'api' ? { outboundUrl: dto.outboundUrl ?? null } : {},
          status: 'active',
        }),
      );
      return toChannel(saved, !!dto.accessToken, secret);
    } catch (err) {
      if (err instanceof QueryFailedError && (err as unknown as { code?: string }).code === '23505') {
        throw new ConflictException(`a ${dto.platform} channel with externalId ${dto.externalId} is already connected`);
      }
      throw err;
    }
  }

  async update(workspaceId: string, channelId: string, dto: UpdateChannelDto): Promise<Channel> {
    const c = await this.findEntity(workspaceId, channelId);
    if (dto.defaultTeamId) await this.checkTeam(workspaceId, dto.defaultTeamId);
    if (dto.name !== undefined) c.name = dto.name;
    if (dto.defaultTeamId !== undefined) c.defaultTeamId = dto.defaultTeamId;
    if (dto.outboundUrl !== undefined && c.platform === 'api') c.settings = { ...c.settings, outboundUrl: dto.outboundUrl };
    const reconnected = dto.accessToken !== undefined && c.status === 'needs_reconnect';
    if (dto.accessToken !== undefined) c.accessTokenEncrypted = this.cipher.encrypt(dto.accessToken);
    if (reconnected) c.status = 'active';
    const saved = await this.repo().save(c);
    if (reconnected) this.emitStatus(saved, 'active');
    return toChannel(saved, !!saved.accessTokenEncrypted);
  }

  async remove(workspaceId: string, channelId: string): Promise<void> {
    const result = await this.repo().delete({ workspaceId, id: channelId });
    if (!result.affected) throw new NotFoundException('channel not found');
  }

  /** Issues a new signing secret for an `api` channel; the old one stops working at once. */
  async rotateSecret(workspaceId: string, channelId: string): Promise<Channel> {
    const c = await this.findEntity(workspaceId, channelId);
    if (c.platform !== 'api') throw new ConflictException('only api channels have a signing secret');
    const secret = randomBytes(24).toString('base64url');
    c.secretEncrypted = this.cipher.encrypt(secret);
    const saved = await this.repo().save(c);
    return toChannel(saved, !!saved.accessTokenEncrypted, secret);
  }

  // ---- for ingestion and delivery (not exposed over HTTP) --------------------

  findByExternalId(platform: Platform, externalId: string): Promise<ChannelEntity | null> {
    return this.withSecrets().where('c.platform = :platform AND c.external_id = :externalId', { platform, externalId }).getOne();
  }

  findById(channelId: string): Promise<ChannelEntity | null> {
    return this.withSecrets().where('c.id = :channelId', { channelId }).getOne();
  }

  accessToken(channel: ChannelEntity): string | null {
    return channel.accessTokenEncrypted ? this.cipher.decrypt(channel.accessTokenEncrypted) : null;
  }

  secret(channel: ChannelEntity): string | null {
    return channel.secretEncrypted ? this.cipher.decrypt(channel.secretEncrypted) : null;
  }

  async setStatus(channelId: string, status: ChannelStatus): Promise<void> {
    const c = await this.repo().findOneBy({ id: channelId });
    if (!c || c.status === status) return;
    await this.repo().update({ id: channelId }, { status });
    this.emitStatus({ ...c, status }, status);
  }

  private emitStatus(c: ChannelEntity, status: ChannelStatus) {
    const event: ChannelStatusChangedEvent = { workspaceId: c.workspaceId, channelId: c.id, status };
    this.events.emit(CHANNEL_EVENTS.statusChanged, event);
  }

  private async findEntity(workspaceId: string, channelId: string): Promise<ChannelEntity> {
    const c = await this.withSecrets()
      .where('c.workspace_id = :workspaceId AND c.id = :channelId', { workspaceId, channelId })
      .getOne();
    if (!c) throw new NotFoundException('channel not found');
    return c;
  }

  private async checkTeam(workspaceId: string, teamId: string | undefined | null) {
    if (!teamId) return;
    const exists = await this.db.getRepository(TeamEntity).existsBy({ workspaceId, id: teamId });
    if (!exists) throw new NotFoundException('defaultTeamId is not a team of this workspace');
  }
}
