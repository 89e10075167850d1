import type { Platform } from '@babillard/contracts';
import type { InboundEvent } from '../connector';
import { arr, isoDate, obj, str } from '../json-reader';

export interface MetaCommentsPage {
  events: InboundEvent[];
  /** Newest `created_time`/`timestamp` seen (epoch seconds), for the next `since`. */
  newestAt: number | null;
  nextUrl: string | null;
}

/**
 * `GET /{post-id}/comments` (Facebook: `id,message,from,created_time,parent{id}`) or
 * `GET /{media-id}/comments` (Instagram: `id,text,from,username,timestamp,parent_id`) → the same
 * comment events a webhook would have produced, so a missed webhook is caught up idempotently.
 */
export function parseMetaCommentsResponse(
  platform: Extract<Platform, 'facebook' | 'instagram'>,
  accountId: string,
  postExternalId: string,
  body: unknown,
): MetaCommentsPage {
  const root = obj(body);
  const events: InboundEvent[] = [];
  let newestAt: number | null = null;
  for (const raw of arr(root?.data)) {
    const c = obj(raw);
    const id = str(c?.id);
    const from = obj(c?.from);
    const fromId = str(from?.id);
    if (!c || !id) continue;
    const occurredAt = isoDate(normaliseOffset(c.created_time ?? c.timestamp)) ?? new Date();
    newestAt = Math.max(newestAt ?? 0, Math.floor(occurredAt.getTime() / 1000));
    const text = str(c.message) ?? str(c.text) ?? '';
    const base = { platform, channelExternalId: accountId, externalId: id, occurredAt };
    if (fromId === accountId) {
      events.push({ ...base, type: 'echo', text });
      continue;
    }
    if (!fromId) continue;
    const parentId = str(obj(c.parent)?.id) ?? str(c.parent_id);
    const parentComment = parentId && parentId !== postExternalId ? parentId : null;
    events.push({
      ...base,
      type: 'message',
      kind: 'comment',
      threadKey: parentComment ?? id,
      parentExternalId: parentComment,
      post: { externalId: postExternalId },
      author: {
        externalId: fromId,
        name: str(from?.name) ?? str(from?.username) ?? str(c.username),
        handle: str(from?.username) ?? str(c.username),
      },
      text,
      attachments: [],
    });
  }
  return { events, newestAt, nextUrl: str(obj(root?.paging)?.next) };
}

/** Graph API writes offsets as `+0000`; make them `+00:00` so every engine parses them. */
function normaliseOffset(v: unknown): unknown {
  return typeof v === 'string' ? v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : v;
}
