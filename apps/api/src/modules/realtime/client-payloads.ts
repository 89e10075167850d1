import { z } from 'zod';

/** What consoles may send; anything else is ignored (typing, viewing) or answered empty (replay). */
export const typingPayload = z.object({
  workspaceId: z.uuid(),
  conversationId: z.uuid(),
  typing: z.boolean(),
  mode: z.enum(['reply', 'note']).optional(),
});

export const viewingPayload = z.object({
  workspaceId: z.uuid(),
  conversationId: z.uuid(),
  viewing: z.boolean(),
});

export const presencePayload = z.object({ presence: z.enum(['online', 'away']) });

export const replayPayload = z.object({
  workspaceId: z.uuid(),
  since: z.number().int().min(0),
});
