import type { Team } from '@babillard/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import { MEMBERSHIP_CHANGED, type MembershipChanged } from '../users/membership.events';
import { WorkspaceMemberEntity } from '../users/workspace-member.entity';
import type { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamMemberEntity } from './team-member.entity';
import { TeamEntity } from './team.entity';

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async list(workspaceId: string): Promise<Team[]> {
    return this.db.query(
      `SELECT t.id, t.workspace_id AS "workspaceId", t.name,
              coalesce(array_agg(tm.user_id ORDER BY tm.user_id) FILTER (WHERE tm.user_id IS NOT NULL), '{}') AS "memberIds"
         FROM team t LEFT JOIN team_member tm ON tm.team_id = t.id
        WHERE t.workspace_id = $1
        GROUP BY t.id ORDER BY t.created_at, t.name`,
      [workspaceId],
    );
  }

  async get(workspaceId: string, teamId: string): Promise<Team> {
    const team = (await this.list(workspaceId)).find((t) => t.id === teamId);
    if (!team) throw new NotFoundException('team not found');
    return team;
  }

  async create(workspaceId: string, dto: CreateTeamDto): Promise<Team> {
    let moved: string[] = [];
    const id = await this.db.transaction(async (tx) => {
      const team = await this.saveUnique(() => tx.getRepository(TeamEntity).save({ workspaceId, name: dto.name }));
      if (dto.memberIds) moved = await this.setMembers(tx, workspaceId, team.id, dto.memberIds);
      return team.id;
    });
    this.membershipChanged(moved);
    return this.get(workspaceId, id);
  }

  async update(workspaceId: string, teamId: string, dto: UpdateTeamDto): Promise<Team> {
    let moved: string[] = [];
    await this.db.transaction(async (tx) => {
      const team = await tx.getRepository(TeamEntity).findOneBy({ workspaceId, id: teamId });
      if (!team) throw new NotFoundException('team not found');
      if (dto.name !== undefined) {
        await this.saveUnique(() => tx.getRepository(TeamEntity).update({ id: teamId }, { name: dto.name }));
      }
      if (dto.memberIds) moved = await this.setMembers(tx, workspaceId, teamId, dto.memberIds);
    });
    this.membershipChanged(moved);
    return this.get(workspaceId, teamId);
  }

  async remove(workspaceId: string, teamId: string): Promise<void> {
    const members = await this.db.getRepository(TeamMemberEntity).findBy({ teamId });
    const result = await this.db.getRepository(TeamEntity).delete({ workspaceId, id: teamId });
    if (!result.affected) throw new NotFoundException('team not found');
    this.membershipChanged(members.map((m) => m.userId));
  }

  private membershipChanged(userIds: string[]): void {
    if (userIds.length) this.events.emit(MEMBERSHIP_CHANGED, { userIds } satisfies MembershipChanged);
  }

  /** Returns the users who joined or left the team. */
  private async setMembers(tx: EntityManager, workspaceId: string, teamId: string, memberIds: string[]): Promise<string[]> {
    const unique = [...new Set(memberIds)];
    if (unique.length) {
      const found = await tx.getRepository(WorkspaceMemberEntity).countBy({ workspaceId, userId: In(unique) });
      if (found !== unique.length) throw new NotFoundException('memberIds contains a user who is not in this workspace');
    }
    const before = (await tx.getRepository(TeamMemberEntity).findBy({ teamId })).map((m) => m.userId);
    await tx.getRepository(TeamMemberEntity).delete({ teamId });
    if (unique.length) await tx.getRepository(TeamMemberEntity).insert(unique.map((userId) => ({ teamId, userId })));
    return [...before.filter((u) => !unique.includes(u)), ...unique.filter((u) => !before.includes(u))];
  }

  private async saveUnique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof QueryFailedError && (err as unknown as { code?: string }).code === '23505') {
        throw new ConflictException('a team with this name already exists');
      }
      throw err;
    }
  }
}
