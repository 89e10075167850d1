import type { RoutingLexiconExtension } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BASE_LEXICON, baseLexicon, compileLexicon, mergeLexicon, type CompiledLexicon, type LexiconExtension } from '../detection/lexicon';

/**
 * The built-in lexicon plus the workspace's additions (stored in routing_lexicon). Compiling takes
 * milliseconds, so compiled lexicons are kept per workspace and rebuilt only when the row's
 * updated_at moves (RoutingConfigCache hands the version and extension it read).
 */
@Injectable()
export class WorkspaceLexiconService {
  private readonly compiledByWorkspace = new Map<string, { version: string; lexicon: CompiledLexicon }>();

  compiled(workspaceId: string, version: string | null, extension: RoutingLexiconExtension | null): CompiledLexicon {
    if (version === null) {
      this.compiledByWorkspace.delete(workspaceId);
      return baseLexicon();
    }
    const cached = this.compiledByWorkspace.get(workspaceId);
    if (cached && cached.version === version) return cached.lexicon;
    const lexicon = compileLexicon(mergeLexicon(BASE_LEXICON, (extension ?? {}) as LexiconExtension));
    this.compiledByWorkspace.set(workspaceId, { version, lexicon });
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
