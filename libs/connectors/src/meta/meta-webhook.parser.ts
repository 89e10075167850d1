import type { Attachment, Platform } from '@babillard/contracts';
import type { InboundEvent, ParsedWebhook } from '../connector';
import { arr, epoch, obj, SkipCounter, str, type JsonObject } from '../json-reader';

/**
 * Meta's webhook body (`page`, `instagram`, `whatsapp_business_account`) → normalised events.
 * Every entry and every change/messaging item is read; an item that cannot be understood is
 * skipped and counted, never fatal for the rest of the batch.
 */
export function parseMetaWebhook(body: unknown): ParsedWebhook {
  const events: InboundEvent[] = [];
  const skipped = new SkipCounter();
  const root = obj(body);
  const object = str(root?.object);
  const platform: Platform | null =
    object === 'page' ? 'facebook' : object === 'instagram' ? 'instagram' : object === 'whatsapp_business_account' ? 'whatsapp' : null;
  if (!root || !platform) {
    skipped.add(`unknown_object:${object ?? 'none'}`);
    return { events, skipped: skipped.counts };
  }
  for (const rawEntry of arr(root.entry)) {
    const entry = obj(rawEntry);
    const entryId = str(entry?.id);
    if (!entry || !entryId) {
      skipped.add('malformed_entry');
      continue;
    }
    const entryTime = epoch(entry.time, 'auto');
    for (const rawChange of arr(entry.changes)) {
      const change = obj(rawChange);
      const field = str(change?.field);
      const value = obj(change?.value);
      if (!field || !value) {
        skipped.add('malformed_change');
        continue;
      }
      if (platform === 'whatsapp') parseWhatsAppChange(field, value, events, skipped);
      else if (platform === 'facebook') parseFacebookChange(entryId, entryTime, field, value, events, skipped);
      else parseInstagramChange(entryId, entryTime, field, value, events, skipped);
    }
    for (const rawItem of arr(entry.messaging)) {
      const item = obj(rawItem);
      if (!item) {
        skipped.add('malformed_messaging');
        continue;
      }
      parseMessaging(platform, entryId, item, events, skipped);
    }
  }
  return { events, skipped: skipped.counts };
}

// ---- Facebook feed ------------------------------------------------------------------------------

function parseFacebookChange(
  pageId: string,
  entryTime: Date | null,
  field: string,
  v: JsonObject,
  events: InboundEvent[],
  skipped: SkipCounter,
): void {
  if (field === 'mention') return parseFacebookMention(pageId, entryTime, v, events, skipped);
  if (field !== 'feed') return skipped.add(`facebook_field:${field}`);
  const item = str(v.item);
  if (item !== 'comment') return skipped.add(`facebook_feed_item:${item ?? 'none'}`);
  const commentId = str(v.comment_id);
  const verb = str(v.verb);
  if (!commentId) return skipped.add('facebook_comment_without_id');
  const occurredAt = epoch(v.created_time, 's') ?? entryTime ?? new Date();
  const base = { platform: 'facebook' as const, channelExternalId: pageId, externalId: commentId, occurredAt };
  const from = obj(v.from);
  const fromId = str(from?.id);
  const text = str(v.message) ?? '';
  if (verb === 'remove') return void events.push({ ...base, type: 'delete' });
  if (verb === 'edited') {
    if (fromId === pageId) return skipped.add('facebook_own_comment_edit');
    return void events.push({ ...base, type: 'edit', text });
  }
  if (verb !== 'add') return skipped.add(`facebook_comment_verb:${verb ?? 'none'}`);
  if (fromId === pageId) return void events.push({ ...base, type: 'echo', text });
  if (!fromId) return skipped.add('facebook_comment_without_author');
  const postId = str(v.post_id);
  const parentId = str(v.parent_id);
  // Facebook threads are two levels deep: a reply's parent is the top-level comment, which is
  // also the thread key, so a reply arriving before its parent still lands in the right thread.
  const parentComment = parentId && parentId !== postId ? parentId : null;
  const post = obj(v.post);
  events.push({
    ...base,
    type: 'message',
    kind: 'comment',
    threadKey: parentComment ?? commentId,
    parentExternalId: parentComment,
    post: postId ? { externalId: postId, permalink: str(post?.permalink_url) } : null,
    author: { externalId: fromId, name: str(from?.name) },
    text,
    attachments: mediaAttachments(v),
  });
}

function parseFacebookMention(
  pageId: string,
  entryTime: Date | null,
  v: JsonObject,
  events: InboundEvent[],
  skipped: SkipCounter,
): void {
  const verb = str(v.verb);
  const id = str(v.comment_id) ?? str(v.post_id);
  const senderId = str(v.sender_id) ?? str(obj(v.from)?.id);
  if (!id) return skipped.add('facebook_mention_without_id');
  if (verb === 'remove') {
    return void events.push({ platform: 'facebook', channelExternalId: pageId, externalId: id, occurredAt: entryTime ?? new Date(), type: 'delete' });
  }
  if (verb && verb !== 'add') return skipped.add(`facebook_mention_verb:${verb}`);
  // A comment mention may carry no sender: it needs a Graph API fetch, which is not done here.
  if (!senderId) return skipped.add('facebook_mention_without_sender');
  events.push({
    platform: 'facebook',
    channelExternalId: pageId,
    externalId: id,
    occurredAt: epoch(v.created_time, 's') ?? entryTime ?? new Date(),
    type: 'message',
    kind: 'mention',
    threadKey: id,
    parentExternalId: null,
    post: null,
    author: { externalId: senderId, name: str(v.sender_name) ?? str(obj(v.from)?.name) },
    text: str(v.message) ?? '',
    attachments: [],
  });
}

// ---- Instagram comments -----------------------------------------------------------------------

function parseInstagramChange(
  accountId: string,
  entryTime: Date | null,
  field: string,
  v: JsonObject,
  events: InboundEvent[],
  skipped: SkipCounter,
): void {
  // `mentions` carries neither text nor author: it would need a Graph API fetch.
  if (field === 'mentions') return skipped.add('instagram_mention_needs_fetch');
  if (field !== 'comments' && field !== 'live_comments') return skipped.add(`instagram_field:${field}`);
  const id = str(v.id);
  const from = obj(v.from);
  const fromId = str(from?.id);
  if (!id) return skipped.add('instagram_comment_without_id');
  const occurredAt = epoch(v.timestamp, 's') ?? entryTime ?? new Date();
  const base = { platform: 'instagram' as const, channelExternalId: accountId, externalId: id, occurredAt };
  const text = str(v.text) ?? '';
  if (fromId === accountId) return void events.push({ ...base, type: 'echo', text });
  if (!fromId) return skipped.add('instagram_comment_without_author');
  const parentId = str(v.parent_id);
  const media = obj(v.media);
  const mediaId = str(media?.id);
  events.push({
    ...base,
    type: 'message',
    kind: 'comment',
    threadKey: parentId ?? id,
    parentExternalId: parentId,
    post: mediaId ? { externalId: mediaId } : null,
    author: { externalId: fromId, handle: str(from?.username), name: str(from?.username) },
    text,
    attachments: [],
  });
}

// ---- Messenger / Instagram DMs ------------------------------------------------------------------

function parseMessaging(platform: Platform, accountId: string, m: JsonObject, events: InboundEvent[], skipped: SkipCounter): void {
  const senderId = str(obj(m.sender)?.id);
  const occurredAt = epoch(m.timestamp, 'ms') ?? new Date();
  const base = { platform, channelExternalId: accountId, occurredAt };
  const message = obj(m.message);
  if (message) {
    const mid = str(message.mid);
    if (!mid) return skipped.add('messaging_without_mid');
    if (message.is_echo === true || senderId === accountId) {
      return void events.push({ ...base, type: 'echo', externalId: mid, text: str(message.text) });
    }
    if (message.is_deleted === true) return void events.push({ ...base, type: 'delete', externalId: mid });
    if (message.is_unsupported === true) return skipped.add('messaging_unsupported');
    if (!senderId) return skipped.add('messaging_without_sender');
    const attachments: Attachment[] = arr(message.attachments).flatMap((a) => {
      const att = obj(a);
      const type = str(att?.type);
      if (!type) return [];
      const url = str(obj(att?.payload)?.url);
      return [url ? { type, url } : { type }];
    });
    const replyTo = obj(message.reply_to);
    return void events.push({
      ...base,
      type: 'message',
      kind: 'dm',
      externalId: mid,
      threadKey: senderId,
      parentExternalId: str(replyTo?.mid),
      post: null,
      author: { externalId: senderId },
      text: str(message.text) ?? '',
      attachments,
    });
  }
  const edit = obj(m.message_edit);
  if (edit) {
    const mid = str(edit.mid);
    if (!mid) return skipped.add('message_edit_without_mid');
    return void events.push({ ...base, type: 'edit', externalId: mid, text: str(edit.text) ?? '' });
  }
  const delivery = obj(m.delivery);
  if (delivery) {
    for (const mid of arr(delivery.mids)) {
      const id = str(mid);
      if (id) events.push({ ...base, type: 'status', externalId: id, status: 'delivered', recipientExternalId: senderId });
    }
    const watermark = epoch(delivery.watermark, 'ms');
    if (watermark && senderId) {
      events.push({
        ...base,
        type: 'status',
        externalId: `watermark:delivered:${senderId}:${watermark.getTime()}`,
        status: 'delivered',
        watermark,
        recipientExternalId: senderId,
      });
    }
    return;
  }
  const read = obj(m.read);
  if (read) {
    const mid = str(read.mid);
    const watermark = epoch(read.watermark, 'ms');
    if (mid) events.push({ ...base, type: 'status', externalId: mid, status: 'read', recipientExternalId: senderId });
    if (watermark && senderId) {
      events.push({
        ...base,
        type: 'status',
        externalId: `watermark:read:${senderId}:${watermark.getTime()}`,
        status: 'read',
        watermark,
        recipientExternalId: senderId,
      });
    }
    if (!mid && !watermark) skipped.add('read_without_reference');
    return;
  }
  const kind = ['reaction', 'postback', 'referral', 'optin', 'account_linking'].find((k) => k in m);
  skipped.add(`messaging_${kind ?? 'unknown'}`);
}

// ---- WhatsApp -----------------------------------------------------------------------------------

const WHATSAPP_MEDIA = ['image', 'video', 'audio', 'document', 'sticker'];

function parseWhatsAppChange(field: string, v: JsonObject, events: InboundEvent[], skipped: SkipCounter): void {
  if (field !== 'messages') return skipped.add(`whatsapp_field:${field}`);
  const phoneNumberId = str(obj(v.metadata)?.phone_number_id);
  if (!phoneNumberId) return skipped.add('whatsapp_without_phone_number_id');
  const names = new Map<string, string | null>();
  for (const c of arr(v.contacts)) {
    const contact = obj(c);
    const waId = str(contact?.wa_id);
    if (waId) names.set(waId, str(obj(contact?.profile)?.name));
  }
  for (const raw of arr(v.messages)) {
    const msg = obj(raw);
    const id = str(msg?.id);
    const from = str(msg?.from);
    if (!msg || !id || !from) {
      skipped.add('whatsapp_malformed_message');
      continue;
    }
    const type = str(msg.type) ?? 'unknown';
    let text = '';
    const attachments: Attachment[] = [];
    if (type === 'text') text = str(obj(msg.text)?.body) ?? '';
    else if (WHATSAPP_MEDIA.includes(type)) {
      const media = obj(msg[type]);
      text = str(media?.caption) ?? '';
      attachments.push({ type, ...(str(media?.id) ? { name: str(media?.filename) ?? str(media?.id) ?? undefined } : {}) });
    } else if (type === 'button') text = str(obj(msg.button)?.text) ?? '';
    else if (type === 'interactive') {
      const interactive = obj(msg.interactive);
      text = str(obj(interactive?.button_reply)?.title) ?? str(obj(interactive?.list_reply)?.title) ?? '';
    } else if (type === 'location') {
      const loc = obj(msg.location);
      text = [str(loc?.name), str(loc?.address)].filter(Boolean).join(', ');
      attachments.push({ type: 'location' });
    } else {
      skipped.add(`whatsapp_message_type:${type}`);
      continue;
    }
    events.push({
      platform: 'whatsapp',
      channelExternalId: phoneNumberId,
      externalId: id,
      occurredAt: epoch(msg.timestamp, 's') ?? new Date(),
      type: 'message',
      kind: 'dm',
      threadKey: from,
      parentExternalId: str(obj(msg.context)?.id),
      post: null,
      author: { externalId: from, name: names.get(from) ?? null, handle: `+${from}` },
      text,
      attachments,
    });
  }
  for (const raw of arr(v.statuses)) {
    const st = obj(raw);
    const id = str(st?.id);
    const status = str(st?.status);
    if (!st || !id || (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed')) {
      skipped.add(`whatsapp_status:${status ?? 'malformed'}`);
      continue;
    }
    const err = obj(arr(st.errors)[0]);
    events.push({
      platform: 'whatsapp',
      channelExternalId: phoneNumberId,
      externalId: id,
      occurredAt: epoch(st.timestamp, 's') ?? new Date(),
      type: 'status',
      status,
      recipientExternalId: str(st.recipient_id),
      error: err ? { code: str(err.code) ?? 'unknown', message: str(err.message) ?? str(err.title) ?? 'failed' } : null,
    });
  }
}

function mediaAttachments(v: JsonObject): Attachment[] {
  const out: Attachment[] = [];
  const photo = str(v.photo);
  const video = str(v.video);
  if (photo) out.push({ type: 'image', url: photo });
  if (video) out.push({ type: 'video', url: video });
  return out;
}
