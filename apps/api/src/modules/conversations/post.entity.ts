import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The brand's post (or media) that comments hang under. */
@Entity('post')
@Index(['channelId', 'externalId'], { unique: true })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @Column('uuid')
  channelId: string;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'text', nullable: true })
  permalink: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
