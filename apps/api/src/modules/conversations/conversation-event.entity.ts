import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ConversationEventActor = 'user' | 'system' | 'rule' | 'customer' | 'platform';

/** Append-only timeline: who did what, when. Never updated, never deleted. */
@Entity('conversation_event')
@Index(['conversationId', 'id'])
export class ConversationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column('uuid')
  conversationId: string;

  /** e.g. created, message.received, status.changed, assigned, rule.fired, message.edited. */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'varchar', length: 16 })
  actorType: ConversationEventActor;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
