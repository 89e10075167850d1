import type { Workspace } from '@babillard/contracts';
import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth-user';
import { WorkspaceMemberEntity } from '../users/workspace-member.entity';
import type { CreateWorkspaceDto, UpdateWorkspaceDto } from './dto/workspace.dto';
import { DEFAULT_WORKSPACE_SETTINGS, WorkspaceEntity } from './workspace.entity';

export function toWorkspace(w: WorkspaceEntity): Workspace {
  return {
    id: w.id,
    name: w.name,
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...w.settings },
    createdAt: w.createdAt.toISOString(),
  };
}

@Injectable()
export class WorkspacesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listFor(user: AuthUser): Promise<Workspace[]> {
    const qb = this.db.getRepository(WorkspaceEntity).createQueryBuilder('w').orderBy('w.created_at');
    if (!user.instanceAdmin) {
      qb.innerJoin(WorkspaceMemberEntity, 'm', 'm.workspace_id = w.id AND m.user_id = :userId', { userId: user.id });
    }
    return (await qb.getMany()).map(toWorkspace);
  }

  async get(workspaceId: string): Promise<Workspace> {
    const w = await this.db.getRepository(WorkspaceEntity).findOneBy({ id: workspaceId });
    if (!w) throw new NotFoundException('workspace not found');
    return toWorkspace(w);
  }

  /** Instance admins and admins of any workspace may create one; the creator becomes its admin. */
  async create(user: AuthUser, dto: CreateWorkspaceDto): Promise<Workspace> {
    if (!user.instanceAdmin) {
      const isAdmin = await this.db.getRepository(WorkspaceMemberEntity).existsBy({ userId: user.id, role: 'admin' });
      if (!isAdmin) throw new ForbiddenException('creating a workspace needs the admin role');
    }
    const created = await this.db.transaction(async (tx) => {
      const w = await tx.getRepository(WorkspaceEntity).save({ name: dto.name, settings: {} });
      await tx.getRepository(WorkspaceMemberEntity).insert({ workspaceId: w.id, userId: user.id, role: 'admin' });
      return w;
    });
    return toWorkspace(created);
  }

  async update(workspaceId: string, dto: UpdateWorkspaceDto): Promise<Workspace> {
    const repo = this.db.getRepository(WorkspaceEntity);
    const w = await repo.findOneBy({ id: workspaceId });
    if (!w) throw new NotFoundException('workspace not found');
    if (dto.settings?.timezone && !isValidTimeZone(dto.settings.timezone)) {
      throw new BadRequestException('settings.timezone must be an IANA time zone, e.g. America/Toronto');
    }
    if (dto.name !== undefined) w.name = dto.name;
    if (dto.settings) w.settings = { ...w.settings, ...stripUndefined(dto.settings) };
    return toWorkspace(await repo.save(w));
  }
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
