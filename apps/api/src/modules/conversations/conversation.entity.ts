import type { ConversationKind, ConversationStatus, MessageDirection, Platform, Priority } from '@babillard/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One thread a community manager answers as one: a top-level comment and its replies, a customer's
 * DMs on one channel, or a mention and its reply chain. `threadKey` is the platform-side key of
 * that thread (root comment id, customer id, root tweet id) and is unique per channel and kind.
 */
@Entity('conversation')
@Index(['channelId', 'kind', 'threadKey'], { unique: true })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column('uuid')
  channelId: string;

  /** Copied from the channel so the queue filters without a join. */
  @Column({ type: 'varchar', length: 16 })
  platform: Platform;

  @Column({ type: 'varchar', length: 16 })
  kind: ConversationKind;

  @Column({ type: 'text' })
  threadKey: string;

  @Column('uuid')
  contactId: string;

  @Column({ type: 'uuid', nullable: true })
  postId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: ConversationStatus;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  priority: Priority;

  /** 0 low … 3 urgent: the queue sorts on it. */
  @Column({ type: 'smallint', default: 1 })
  priorityRank: number;

  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels: string[];

  @Column({ type: 'uuid', nullable: true })
  crisisId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  snoozedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastInboundAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastOutboundAt: Date | null;

  @Column({ type: 'timestamptz' })
  lastActivityAt: Date;

  /** When the customer started waiting for an answer; null once answered. */
  @Column({ type: 'timestamptz', nullable: true })
  waitingSince: Date | null;

  @Column({ type: 'text', nullable: true })
  lastMessageText: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  lastMessageDirection: MessageDirection | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaDueAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
