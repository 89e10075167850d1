import type { InboundAuthor, InboundEvent, ParsedWebhook } from '../connector';
import { arr, bool, epoch, num, obj, SkipCounter, str, type JsonObject } from '../json-reader';

const HANDLED_KEYS = new Set([
  'for_user_id',
  'user_has_blocked',
  'tweet_create_events',
  'direct_message_events',
  'tweet_delete_events',
  'direct_message_mark_read_events',
  'user_event',
  'users',
  'apps',
]);

/** X Account Activity body → normalised events; our own tweets and DMs come back as echoes. */
export function parseXWebhook(body: unknown): ParsedWebhook {
  const events: InboundEvent[] = [];
  const skipped = new SkipCounter();
  const root = obj(body);
  if (!root) {
    skipped.add('malformed_body');
    return { events, skipped: skipped.counts };
  }
  const revoke = obj(obj(root.user_event)?.revoke);
  if (revoke) {
    const userId = str(obj(revoke.source)?.user_id);
    if (userId) {
      events.push({ platform: 'x', channelExternalId: userId, externalId: `revoke:${userId}`, occurredAt: new Date(), type: 'revoke' });
    } else skipped.add('revoke_without_user');
  }
  const forUserId = str(root.for_user_id);
  for (const key of Object.keys(root)) if (!HANDLED_KEYS.has(key)) skipped.add(`x_${key}`);
  if (!forUserId) {
    if (!revoke) skipped.add('without_for_user_id');
    return { events, skipped: skipped.counts };
  }
  for (const raw of arr(root.tweet_create_events)) {
    const tweet = obj(raw);
    if (!tweet) skipped.add('malformed_tweet');
    else parseTweet(forUserId, tweet, events, skipped);
  }
  const users = obj(root.users) ?? {};
  for (const raw of arr(root.direct_message_events)) {
    const dm = obj(raw);
    if (!dm) skipped.add('malformed_dm');
    else parseDirectMessage(forUserId, dm, users, events, skipped);
  }
  for (const raw of arr(root.tweet_delete_events)) {
    const id = str(obj(obj(raw)?.status)?.id);
    if (!id) {
      skipped.add('malformed_tweet_delete');
      continue;
    }
    events.push({ platform: 'x', channelExternalId: forUserId, externalId: id, occurredAt: epoch(obj(raw)?.timestamp_ms, 'ms') ?? new Date(), type: 'delete' });
  }
  for (const raw of arr(root.direct_message_mark_read_events)) {
    const ev = obj(raw);
    const reader = str(ev?.sender_id);
    const lastRead = str(ev?.last_read_event_id);
    if (!ev || !reader || !lastRead) {
      skipped.add('malformed_mark_read');
      continue;
    }
    if (reader === forUserId) {
      skipped.add('own_mark_read');
      continue;
    }
    const at = epoch(ev.created_timestamp, 'ms') ?? new Date();
    events.push({ platform: 'x', channelExternalId: forUserId, externalId: lastRead, occurredAt: at, type: 'status', status: 'read', recipientExternalId: reader });
  }
  return { events, skipped: skipped.counts };
}

/** A v1.1 user object (tweet `user` or an entry of the DM `users` map) → author. */
export function xAuthor(user: JsonObject | null, fallbackId: string): InboundAuthor {
  return {
    externalId: str(user?.id_str) ?? str(user?.id) ?? fallbackId,
    name: str(user?.name),
    handle: str(user?.screen_name),
    followers: num(user?.followers_count),
    verified: bool(user?.verified),
  };
}

function parseTweet(forUserId: string, t: JsonObject, events: InboundEvent[], skipped: SkipCounter): void {
  const id = str(t.id_str);
  const user = obj(t.user);
  const authorId = str(user?.id_str);
  if (!id || !authorId) return skipped.add('malformed_tweet');
  const occurredAt = epoch(t.timestamp_ms, 'ms') ?? (typeof t.created_at === 'string' ? new Date(Date.parse(t.created_at)) : new Date());
  const text = str(obj(t.extended_tweet)?.full_text) ?? str(t.full_text) ?? str(t.text) ?? '';
  const base = { platform: 'x' as const, channelExternalId: forUserId, externalId: id, occurredAt };
  if (authorId === forUserId) return void events.push({ ...base, type: 'echo', text });
  if (obj(t.retweeted_status)) return skipped.add('retweet');
  const parentId = str(t.in_reply_to_status_id_str);
  events.push({
    ...base,
    type: 'message',
    kind: 'mention',
    // Its own thread unless ingestion finds the parent stored (or the parent arrives later).
    threadKey: id,
    parentExternalId: parentId,
    post: null,
    author: xAuthor(user, authorId),
    text,
    attachments: [],
  });
}

function parseDirectMessage(forUserId: string, dm: JsonObject, users: JsonObject, events: InboundEvent[], skipped: SkipCounter): void {
  if (str(dm.type) !== 'message_create') return skipped.add(`dm_type:${str(dm.type) ?? 'none'}`);
  const id = str(dm.id);
  const create = obj(dm.message_create);
  const senderId = str(create?.sender_id);
  if (!id || !create || !senderId) return skipped.add('malformed_dm');
  const occurredAt = epoch(dm.created_timestamp, 'ms') ?? new Date();
  const text = str(obj(create.message_data)?.text) ?? '';
  const base = { platform: 'x' as const, channelExternalId: forUserId, externalId: id, occurredAt };
  if (senderId === forUserId) return void events.push({ ...base, type: 'echo', text });
  events.push({
    ...base,
    type: 'message',
    kind: 'dm',
    threadKey: senderId,
    parentExternalId: null,
    post: null,
    author: xAuthor(obj(users[senderId]), senderId),
    text,
    attachments: [],
  });
}
