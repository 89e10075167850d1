import type { Attachment, DeliveryStatus, MessageDirection } from '@babillard/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('message')
@Index(['conversationId', 'createdAt'])
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column('uuid')
  conversationId: string;

  @Column('uuid')
  channelId: string;

  @Column({ type: 'varchar', length: 16 })
  direction: MessageDirection;

  /** The platform's id; unique per channel (partial unique index in the migration). */
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  /** The platform id this message replies to (comment parent, tweet in_reply_to). */
  @Column({ type: 'text', nullable: true })
  parentExternalId: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorIdentityId: string | null;

  @Column({ type: 'uuid', nullable: true })
  authorUserId: string | null;

  @Column({ type: 'text', nullable: true })
  authorName: string | null;

  @Column({ type: 'text', nullable: true })
  authorHandle: string | null;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  attachments: Attachment[];

  @Column({ type: 'varchar', length: 16, nullable: true })
  deliveryStatus: DeliveryStatus | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'text', nullable: true })
  errorCode: string | null;

  /** Replies: the key a client sent so a retried request creates nothing new. */
  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** When it happened on the platform (or when the agent wrote it). */
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** When Babillard stored it. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
