import type { RoutingLexiconExtension } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BASE_LEXICON, baseLexicon, compileLexicon, mergeLexicon, type CompiledLexicon, type LexiconExtension } from '../detection/lexicon';

/**
 * The built-in lexicon plus the workspace's additions (stored in routing_lexicon). Compiled
 * lexicons are cached per process and rebuilt when the row's updated_at moves, so every API
 * process picks up an edit on its next message.
 */
@Injectable()
export class WorkspaceLexiconService {
  private readonly cache = new Map<string, { version: string; lexicon: CompiledLexicon }>();

  async forWorkspace(db: EntityManager, workspaceId: string): Promise<CompiledLexicon> {
    const [row] = await db.query(`SELECT updated_at::text AS version FROM routing_lexicon WHERE workspace_id = $1`, [workspaceId]);
    if (!row) return baseLexicon();
    const cached = this.cache.get(workspaceId);
    if (cached && cached.version === row.version) return cached.lexicon;
    const extension = await this.getExtension(db, workspaceId);
    const lexicon = compileLexicon(mergeLexicon(BASE_LEXICON, extension as LexiconExtension));
    this.cache.set(workspaceId, { version: row.version, lexicon });
    return lexicon;
  }

  async getExtension(db: EntityManager, workspaceId: string): Promise<RoutingLexiconExtension> {
    const [row] = await db.query(`SELECT extension FROM routing_lexicon WHERE workspace_id = $1`, [workspaceId]);
    return (row?.extension as RoutingLexiconExtension) ?? {};
  }

  async saveExtension(db: EntityManager, workspaceId: string, extension: RoutingLexiconExtension): Promise<void> {
    await db.query(
      `INSERT INTO routing_lexicon (workspace_id, extension) VALUES ($1, $2)
       ON CONFLICT (workspace_id) DO UPDATE SET extension = $2, updated_at = clock_timestamp()`,
      [workspaceId, JSON.stringify(extension)],
    );
  }
}
