import type { InboundEvent } from '../connector';
import { arr, bool, isoDate, num, obj, str } from '../json-reader';

export interface XMentionsPage {
  events: InboundEvent[];
  /** `meta.newest_id`: the next `since_id`. */
  newestId: string | null;
  nextToken: string | null;
}

/** `GET /2/users/:id/mentions` (v2, with `expansions=author_id`) → mention events for the channel. */
export function parseXMentionsResponse(channelUserId: string, body: unknown): XMentionsPage {
  const root = obj(body);
  const users = new Map<string, Record<string, unknown>>();
  for (const u of arr(obj(root?.includes)?.users)) {
    const user = obj(u);
    const id = str(user?.id);
    if (user && id) users.set(id, user);
  }
  const events: InboundEvent[] = [];
  for (const raw of arr(root?.data)) {
    const t = obj(raw);
    const id = str(t?.id);
    const authorId = str(t?.author_id);
    if (!t || !id || !authorId) continue;
    const occurredAt = isoDate(t.created_at) ?? new Date();
    const text = str(t.text) ?? '';
    const base = { platform: 'x' as const, channelExternalId: channelUserId, externalId: id, occurredAt };
    if (authorId === channelUserId) {
      events.push({ ...base, type: 'echo', text });
      continue;
    }
    const repliedTo = arr(t.referenced_tweets)
      .map(obj)
      .find((r) => str(r?.type) === 'replied_to');
    const user = users.get(authorId) ?? null;
    events.push({
      ...base,
      type: 'message',
      kind: 'mention',
      threadKey: id,
      parentExternalId: str(repliedTo?.id),
      post: null,
      author: {
        externalId: authorId,
        name: str(user?.name),
        handle: str(user?.username),
        followers: num(obj(user?.public_metrics)?.followers_count),
        verified: bool(user?.verified),
      },
      text,
      attachments: [],
    });
  }
  const meta = obj(root?.meta);
  return { events, newestId: str(meta?.newest_id), nextToken: str(meta?.next_token) };
}
