import type { Team } from '@babillard/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, QueryFailedError, type EntityManager } from 'typeorm';
import { WorkspaceMemberEntity } from '../users/workspace-member.entity';
import type { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamMemberEntity } from './team-member.entity';
import { TeamEntity } from './team.entity';

@Injectable()
export class TeamsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
    const id = await this.db.transaction(async (tx) => {
      const team = await this.saveUnique(() => tx.getRepository(TeamEntity).save({ workspaceId, name: dto.name }));
      if (dto.memberIds) await this.setMembers(tx, workspaceId, team.id, dto.memberIds);
      return team.id;
    });
    return this.get(workspaceId, id);
  }

  async update(workspaceId: string, teamId: string, dto: UpdateTeamDto): Promise<Team> {
    await this.db.transaction(async (tx) => {
      const team = await tx.getRepository(TeamEntity).findOneBy({ workspaceId, id: teamId });
      if (!team) throw new NotFoundException('team not found');
      if (dto.name !== undefined) {
        await this.saveUnique(() => tx.getRepository(TeamEntity).update({ id: teamId }, { name: dto.name }));
      }
      if (dto.memberIds) await this.setMembers(tx, workspaceId, teamId, dto.memberIds);
    });
    return this.get(workspaceId, teamId);
  }

  async remove(workspaceId: string, teamId: string): Promise<void> {
    const result = await this.db.getRepository(TeamEntity).delete({ workspaceId, id: teamId });
    if (!result.affected) throw new NotFoundException('team not found');
  }

  private async setMembers(tx: EntityManager, workspaceId: string, teamId: string, memberIds: string[]) {
    const unique = [...new Set(memberIds)];
    if (unique.length) {
      const found = await tx.getRepository(WorkspaceMemberEntity).countBy({ workspaceId, userId: In(unique) });
      if (found !== unique.length) throw new NotFoundException('memberIds contains a user who is not in this workspace');
    }
    await tx.getRepository(TeamMemberEntity).delete({ teamId });
    if (unique.length) await tx.getRepository(TeamMemberEntity).insert(unique.map((userId) => ({ teamId, userId })));
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
