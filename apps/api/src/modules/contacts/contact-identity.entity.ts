import type { Platform } from '@babillard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A customer's account on one platform. Unique per workspace, platform and platform user id. */
@Entity('contact_identity')
@Index(['workspaceId', 'platform', 'externalId'], { unique: true })
@Index(['contactId'])
export class ContactIdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column('uuid')
  contactId: string;

  @Column({ type: 'varchar', length: 16 })
  platform: Platform;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text', nullable: true })
  handle: string | null;

  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'integer', nullable: true })
  followersCount: number | null;

  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
