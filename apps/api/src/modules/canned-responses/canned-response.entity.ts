import type { CannedResponse, Locale } from '@babillard/contracts';

/** A row of canned_response, read and written with named SQL (see CannedResponsesService). */
export interface CannedResponseRow {
  id: string;
  workspace_id: string;
  shortcut: string;
  text: string;
  locale: Locale | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toCannedResponse = (r: CannedResponseRow): CannedResponse => ({
  id: r.id,
  workspaceId: r.workspace_id,
  shortcut: r.shortcut,
  text: r.text,
  locale: r.locale,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
