import type { Locale } from './enums';

/** Longest canned-response shortcut and text the API accepts. */
export const CANNED_RESPONSE_LIMITS = { shortcut: 32, text: 2000, perWorkspace: 500 } as const;

/** Letters, digits, `_`, `.` and `-`: what the composer recognises after `/`. */
export const CANNED_SHORTCUT_PATTERN = /^[\p{L}\p{N}_.-]+$/u;

/** A reply a workspace keeps ready; agents insert it by typing `/shortcut` in the composer. */
export interface CannedResponse {
  id: string;
  workspaceId: string;
  /** Lower case, unique in the workspace, without the `/`. */
  shortcut: string;
  text: string;
  /** The language it is written in; null when it suits any. */
  locale: Locale | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateCannedResponseRequest {
  shortcut: string;
  text: string;
  locale?: Locale | null;
}

export type UpdateCannedResponseRequest = Partial<CreateCannedResponseRequest>;
