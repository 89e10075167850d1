import { z } from 'zod';
import type { InboundEvent } from '../connector';

const apiEventSchema = z.object({
  id: z.string().min(1).max(512),
  kind: z.enum(['comment', 'dm', 'mention']),
  threadId: z.string().min(1).max(512).optional(),
  author: z.object({
    id: z.string().min(1).max(512),
    name: z.string().max(512).optional(),
    handle: z.string().max(512).optional(),
    followers: z.number().int().min(0).optional(),
  }),
  text: z.string().max(100_000),
  createdAt: z.iso.datetime({ offset: true }),
});

const apiBodySchema = z.object({ events: z.array(apiEventSchema).min(1).max(1000) });

export type ApiWebhookResult = { ok: true; events: InboundEvent[] } | { ok: false; problems: string[] };

/** The generic channel's body (api-contract.md) → events, or the list of what is wrong with it. */
export function parseApiChannelWebhook(channelId: string, body: unknown): ApiWebhookResult {
  const parsed = apiBodySchema.safeParse(body);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) };
  }
  const events: InboundEvent[] = parsed.data.events.map((e) => ({
    platform: 'api',
    channelExternalId: channelId,
    externalId: e.id,
    occurredAt: new Date(e.createdAt),
    type: 'message',
    kind: e.kind,
    threadKey: e.threadId ?? (e.kind === 'dm' ? e.author.id : e.id),
    parentExternalId: null,
    post: null,
    author: { externalId: e.author.id, name: e.author.name ?? null, handle: e.author.handle ?? null, followers: e.author.followers ?? null },
    text: e.text,
    attachments: [],
  }));
  return { ok: true, events };
}
