import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@babillard/contracts';
import { DataSource } from 'typeorm';
import type { SocketMembership } from './socket-identity';

/** The workspaces (with role) and teams whose rooms a user's sockets belong in; instance admins see every workspace. */
@Injectable()
export class SocketMemberships {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forUser(userId: string, instanceAdmin?: boolean): Promise<SocketMembership[]> {
    const rows: { workspace_id: string; role: Role; team_ids: string[] }[] = await this.db.query(
      `WITH u AS (
         SELECT COALESCE($2::boolean, (SELECT instance_admin FROM app_user WHERE id = $1 AND disabled_at IS NULL), false) AS instance_admin
       )
       SELECT wm.workspace_id, wm.role,
              COALESCE(array_agg(tm.team_id) FILTER (WHERE tm.team_id IS NOT NULL), '{}') AS team_ids
       FROM workspace_member wm
       LEFT JOIN team t ON t.workspace_id = wm.workspace_id
       LEFT JOIN team_member tm ON tm.team_id = t.id AND tm.user_id = wm.user_id
       WHERE wm.user_id = $1
       GROUP BY wm.workspace_id, wm.role
       UNION ALL
       SELECT w.id, 'admin', '{}' FROM workspace w, u
       WHERE u.instance_admin AND NOT EXISTS (SELECT 1 FROM workspace_member m WHERE m.workspace_id = w.id AND m.user_id = $1)`,
      [userId, instanceAdmin ?? null],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, role: r.role, teamIds: r.team_ids }));
  }
}
