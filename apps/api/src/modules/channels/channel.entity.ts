import type { ChannelStatus, Platform } from '@babillard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ChannelSettings {
  /** `api` channels: where replies are POSTed, signed with the channel secret. */
  outboundUrl?: string | null;
  /** Messenger/Instagram: the page may use the HUMAN_AGENT tag (7-day window). */
  humanAgentTag?: boolean;
}

@Entity('channel')
@Index(['platform', 'externalId'], { unique: true })
@Index(['workspaceId'])
export class ChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column({ type: 'varchar', length: 16 })
  platform: Platform;

  /** Page id, Instagram account id, WhatsApp phone-number id or X user id, as webhooks carry it. */
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  name: string;

  /** AES-256-GCM ciphertext (see TokenCipher); never returned by the API. */
  @Column({ type: 'text', nullable: true, select: false })
  accessTokenEncrypted: string | null;

  /** Signing secret for `api` channels (inbound and outbound), encrypted like the token. */
  @Column({ type: 'text', nullable: true, select: false })
  secretEncrypted: string | null;

  @Column({ type: 'uuid', nullable: true })
  defaultTeamId: string | null;

  @Column({ type: 'varchar', length: 24, default: 'active' })
  status: ChannelStatus;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  settings: ChannelSettings;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
