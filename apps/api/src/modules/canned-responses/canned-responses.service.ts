import { CANNED_RESPONSE_LIMITS, type CannedResponse } from '@babillard/contracts';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { toCannedResponse, type CannedResponseRow } from './canned-response.entity';
import type { CreateCannedResponseDto, UpdateCannedResponseDto } from './dto/canned-response.dto';

/** A workspace's canned responses; every query is scoped by workspace. */
@Injectable()
export class CannedResponsesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(workspaceId: string): Promise<CannedResponse[]> {
    const rows: CannedResponseRow[] = await this.db.query(
      `SELECT * FROM canned_response WHERE workspace_id = $1 ORDER BY shortcut, locale NULLS FIRST`,
      [workspaceId],
    );
    return rows.map(toCannedResponse);
  }

  async create(workspaceId: string, userId: string, dto: CreateCannedResponseDto): Promise<CannedResponse> {
    const [{ count }] = await this.db.query(`SELECT count(*)::int AS count FROM canned_response WHERE workspace_id = $1`, [workspaceId]);
    if (count >= CANNED_RESPONSE_LIMITS.perWorkspace) {
      throw new BadRequestException(`a workspace holds at most ${CANNED_RESPONSE_LIMITS.perWorkspace} canned responses`);
    }
    const rows: CannedResponseRow[] = await this.unique(dto.shortcut, () =>
      this.db.query(
        `INSERT INTO canned_response (workspace_id, shortcut, text, locale, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [workspaceId, dto.shortcut, dto.text, dto.locale ?? null, userId],
      ),
    );
    return toCannedResponse(rows[0]);
  }

  async update(workspaceId: string, id: string, dto: UpdateCannedResponseDto): Promise<CannedResponse> {
    const [rows] = await this.unique(dto.shortcut, () =>
      this.db.query(
        `UPDATE canned_response
            SET shortcut = COALESCE($3, shortcut), text = COALESCE($4, text),
                locale = CASE WHEN $5::boolean THEN $6 ELSE locale END, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 RETURNING *`,
        [workspaceId, id, dto.shortcut ?? null, dto.text ?? null, dto.locale !== undefined, dto.locale ?? null],
      ),
    );
    const row = (rows as CannedResponseRow[])[0];
    if (!row) throw new NotFoundException('canned response not found');
    return toCannedResponse(row);
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    const [, affected] = await this.db.query(`DELETE FROM canned_response WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
    if (!affected) throw new NotFoundException('canned response not found');
  }

  private async unique<T>(shortcut: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof QueryFailedError && (err as unknown as { code?: string }).code === '23505') {
        throw new ConflictException(`the shortcut /${shortcut} is already used in this workspace`);
      }
      throw err;
    }
  }
}
