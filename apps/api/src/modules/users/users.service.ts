import type { Me, Role, WorkspaceUser } from '@babillard/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { TeamMemberEntity } from '../teams/team-member.entity';
import { TeamEntity } from '../teams/team.entity';
import type { CreateUserDto, UpdateMeDto, UpdateUserDto } from './dto/user.dto';
import { MEMBERSHIP_CHANGED, type MembershipChanged } from './membership.events';
import { hashPassword } from './password-hasher';
import { UserEntity } from './user.entity';
import { WorkspaceMemberEntity } from './workspace-member.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  async me(userId: string): Promise<Me> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new NotFoundException('user not found');
    const memberships = await this.db
      .getRepository(WorkspaceMemberEntity)
      .find({ where: { userId }, relations: { workspace: true }, order: { createdAt: 'ASC' } });
    let workspaces = memberships.map((m) => ({ id: m.workspaceId, name: m.workspace!.name, role: m.role }));
    if (user.instanceAdmin) {
      const all = await this.db.query<{ id: string; name: string }[]>(`SELECT id, name FROM workspace ORDER BY created_at`);
      const known = new Set(workspaces.map((w) => w.id));
      workspaces = [...workspaces, ...all.filter((w) => !known.has(w.id)).map((w) => ({ ...w, role: 'admin' as Role }))];
    }
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      availability: user.availability,
      instanceAdmin: user.instanceAdmin,
      workspaces,
    };
  }

  async updateMe(userId: string, dto: UpdateMeDto): Promise<Me> {
    await this.db.getRepository(UserEntity).update({ id: userId }, dto);
    return this.me(userId);
  }

  async list(workspaceId: string): Promise<WorkspaceUser[]> {
    const rows = await this.db.query<(Omit<WorkspaceUser, 'teamIds'> & { teamIds: string[] | null })[]>(
      `SELECT u.id, u.email, u.name, u.locale, u.availability, m.role,
              array_remove(array_agg(tm.team_id), NULL) AS "teamIds"
         FROM workspace_member m
         JOIN app_user u ON u.id = m.user_id
         LEFT JOIN team t ON t.workspace_id = m.workspace_id
         LEFT JOIN team_member tm ON tm.team_id = t.id AND tm.user_id = u.id
        WHERE m.workspace_id = $1
        GROUP BY u.id, m.role
        ORDER BY u.name`,
      [workspaceId],
    );
    return rows.map((r) => ({ ...r, teamIds: r.teamIds ?? [] }));
  }

  async get(workspaceId: string, userId: string): Promise<WorkspaceUser> {
    const user = (await this.list(workspaceId)).find((u) => u.id === userId);
    if (!user) throw new NotFoundException('user not found in this workspace');
    return user;
  }

  async create(workspaceId: string, dto: CreateUserDto): Promise<WorkspaceUser> {
    const userId = await this.db.transaction(async (tx) => {
      const users = tx.getRepository(UserEntity);
      let user = await users.findOneBy({ email: dto.email });
      if (user) {
        if (dto.password !== undefined) {
          throw new ConflictException('a user with this email already exists; omit password to add them to this workspace');
        }
        const already = await tx.getRepository(WorkspaceMemberEntity).existsBy({ workspaceId, userId: user.id });
        if (already) throw new ConflictException('this user is already a member of this workspace');
      } else {
        if (dto.password === undefined) throw new NotFoundException('no user with this email; give a password to create one');
        user = await users.save(
          users.create({
            email: dto.email,
            name: dto.name,
            passwordHash: await hashPassword(dto.password),
            locale: dto.locale ?? 'fr',
          }),
        );
      }
      await tx.getRepository(WorkspaceMemberEntity).insert({ workspaceId, userId: user.id, role: dto.role });
      await this.setTeams(tx, workspaceId, user.id, dto.teamIds ?? []);
      return user.id;
    });
    this.membershipChanged(userId);
    return this.get(workspaceId, userId);
  }

  async update(workspaceId: string, userId: string, dto: UpdateUserDto): Promise<WorkspaceUser> {
    await this.db.transaction(async (tx) => {
      const member = await tx.getRepository(WorkspaceMemberEntity).findOneBy({ workspaceId, userId });
      if (!member) throw new NotFoundException('user not found in this workspace');
      if (dto.role && dto.role !== member.role) {
        await tx.getRepository(WorkspaceMemberEntity).update({ workspaceId, userId }, { role: dto.role });
      }
      const { name, locale, availability } = dto;
      const profile = Object.fromEntries(Object.entries({ name, locale, availability }).filter(([, v]) => v !== undefined));
      if (Object.keys(profile).length) await tx.getRepository(UserEntity).update({ id: userId }, profile);
      if (dto.teamIds) await this.setTeams(tx, workspaceId, userId, dto.teamIds);
    });
    if (dto.role || dto.teamIds) this.membershipChanged(userId);
    return this.get(workspaceId, userId);
  }

  /** Removes the user from this workspace (and its teams); the account itself stays. */
  async remove(workspaceId: string, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const result = await tx.getRepository(WorkspaceMemberEntity).delete({ workspaceId, userId });
      if (!result.affected) throw new NotFoundException('user not found in this workspace');
      await this.setTeams(tx, workspaceId, userId, []);
    });
    this.membershipChanged(userId);
  }

  private membershipChanged(userId: string): void {
    this.events.emit(MEMBERSHIP_CHANGED, { userIds: [userId] } satisfies MembershipChanged);
  }

  private async setTeams(tx: EntityManager, workspaceId: string, userId: string, teamIds: string[]): Promise<void> {
    const unique = [...new Set(teamIds)];
    if (unique.length) {
      const found = await tx.getRepository(TeamEntity).countBy({ workspaceId, id: In(unique) });
      if (found !== unique.length) throw new NotFoundException('teamIds contains a team that does not exist in this workspace');
    }
    await tx.query(
      `DELETE FROM team_member tm USING team t WHERE tm.team_id = t.id AND t.workspace_id = $1 AND tm.user_id = $2`,
      [workspaceId, userId],
    );
    if (unique.length) {
      await tx.getRepository(TeamMemberEntity).insert(unique.map((teamId) => ({ teamId, userId })));
    }
  }
}
