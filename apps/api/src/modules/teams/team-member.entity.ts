import { Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('team_member')
@Index(['userId'])
export class TeamMemberEntity {
  @PrimaryColumn('uuid')
  teamId: string;

  @PrimaryColumn('uuid')
  userId: string;
}
