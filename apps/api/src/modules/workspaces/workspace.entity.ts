import type { WorkspaceSettings } from '@babillard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = {
  statusAfterReply: 'pending',
  timezone: 'America/Toronto',
  softLock: false,
  crisisReplyApproval: false,
  highReachFollowers: 10_000,
};

@Entity('workspace')
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  settings: Partial<WorkspaceSettings>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
