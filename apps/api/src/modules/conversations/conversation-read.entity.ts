import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far each user has read each conversation; unread counts derive from it. */
@Entity('conversation_read')
export class ConversationReadEntity {
  @PrimaryColumn('uuid')
  conversationId: string;

  @PrimaryColumn('uuid')
  userId: string;

  @Column({ type: 'timestamptz' })
  lastReadAt: Date;
}
