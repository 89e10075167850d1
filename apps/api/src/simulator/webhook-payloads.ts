import { signMetaBody, signXBody } from '@babillard/connectors';
import { randomBytes } from 'node:crypto';
import { SAMPLE_PEOPLE, SAMPLE_TEXTS } from './sample-texts';

export const SIMULATED_EVENTS = ['fb-comment', 'fb-reply', 'messenger', 'ig-comment', 'ig-dm', 'whatsapp', 'x-mention', 'x-dm'] as const;
export type SimulatedEvent = (typeof SIMULATED_EVENTS)[number];

export interface SimulatedChannels {
  facebook: string;
  instagram: string;
  whatsapp: string;
  x: string;
}

export interface SignedWebhook {
  path: '/webhooks/meta' | '/webhooks/x';
  body: string;
  headers: Record<string, string>;
  /** The platform ids of the customer messages inside, for checks. */
  externalIds: string[];
}

export interface PayloadOptions {
  channels: SimulatedChannels;
  metaAppSecret: string;
  xConsumerSecret: string;
  /** Pick texts from this mood; random when unset. */
  mood?: keyof typeof SAMPLE_TEXTS;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
const text = (mood?: keyof typeof SAMPLE_TEXTS) => pick(SAMPLE_TEXTS[mood ?? pick(['everyday', 'everyday', 'afterSales', 'afterSales', 'crisis'] as const)]);

/** One customer event of the given kind, as the platform would send it (several per body when `count` > 1). */
export function buildWebhook(kind: SimulatedEvent, opts: PayloadOptions, count = 1): SignedWebhook {
  const ids: string[] = [];
  const now = Date.now();
  if (kind === 'x-mention' || kind === 'x-dm') {
    const items = Array.from({ length: count }, () => {
      const who = pick(SAMPLE_PEOPLE);
      const id = `19${digits(17)}`;
      ids.push(id);
      const user = { id: Number(who.id), id_str: who.id, name: who.name, screen_name: who.handle, followers_count: who.followers, verified: who.followers > 100000 };
      return kind === 'x-mention'
        ? { created_at: new Date(now).toUTCString(), id_str: id, text: `@CafeBoreal ${text(opts.mood)}`, in_reply_to_status_id_str: null, user, timestamp_ms: String(now) }
        : { type: 'message_create', id, created_timestamp: String(now), message_create: { target: { recipient_id: opts.channels.x }, sender_id: who.id, message_data: { text: text(opts.mood) } } };
    });
    const users = Object.fromEntries(SAMPLE_PEOPLE.map((p) => [p.id, { id: p.id, name: p.name, screen_name: p.handle, followers_count: p.followers }]));
    const payload = kind === 'x-mention' ? { for_user_id: opts.channels.x, tweet_create_events: items } : { for_user_id: opts.channels.x, direct_message_events: items, users };
    const body = JSON.stringify(payload);
    return { path: '/webhooks/x', body, headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signXBody(opts.xConsumerSecret, body) }, externalIds: ids };
  }
  const payload = metaPayload(kind, opts, count, ids, now);
  // Meta escapes non-ASCII as \uXXXX in what it signs; the simulator does the same.
  const body = JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return { path: '/webhooks/meta', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(opts.metaAppSecret, body) }, externalIds: ids };
}

function metaPayload(kind: Exclude<SimulatedEvent, 'x-mention' | 'x-dm'>, opts: PayloadOptions, count: number, ids: string[], now: number): object {
  const { channels } = opts;
  if (kind === 'whatsapp') {
    const messages = Array.from({ length: count }, () => {
      const id = `wamid.SIM${randomBytes(12).toString('hex')}`;
      ids.push(id);
      return { from: `1514555${digits(4)}`, id, timestamp: String(Math.floor(now / 1000)), type: 'text', text: { body: text(opts.mood) } };
    });
    const contacts = messages.map((m) => ({ profile: { name: pick(SAMPLE_PEOPLE).name }, wa_id: m.from }));
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15145550100', phone_number_id: channels.whatsapp }, contacts, messages } }] }],
    };
  }
  if (kind === 'messenger' || kind === 'ig-dm') {
    const account = kind === 'messenger' ? channels.facebook : channels.instagram;
    const messaging = Array.from({ length: count }, () => {
      const mid = `m_SIM${randomBytes(16).toString('base64url')}`;
      ids.push(mid);
      return { sender: { id: pick(SAMPLE_PEOPLE).id }, recipient: { id: account }, timestamp: now, message: { mid, text: text(opts.mood) } };
    });
    return { object: kind === 'messenger' ? 'page' : 'instagram', entry: [{ id: account, time: now, messaging }] };
  }
  if (kind === 'ig-comment') {
    const changes = Array.from({ length: count }, () => {
      const who = pick(SAMPLE_PEOPLE);
      const id = `1786${digits(13)}`;
      ids.push(id);
      return { field: 'comments', value: { from: { id: who.id, username: who.handle }, media: { id: '17895695668004550', media_product_type: 'FEED' }, id, text: text(opts.mood) } };
    });
    return { object: 'instagram', entry: [{ id: channels.instagram, time: Math.floor(now / 1000), changes }] };
  }
  const postId = '150691160110528';
  const changes = Array.from({ length: count }, () => {
    const who = pick(SAMPLE_PEOPLE);
    const commentId = `${postId}_${digits(15)}`;
    ids.push(commentId);
    const parent = kind === 'fb-reply' ? `${postId}_150691260110518` : `${channels.facebook}_${postId}`;
    return {
      field: 'feed',
      value: {
        from: { id: who.id, name: who.name },
        post: { id: `${channels.facebook}_${postId}`, permalink_url: `https://www.facebook.com/cafeboreal/posts/${postId}` },
        message: text(opts.mood),
        post_id: `${channels.facebook}_${postId}`,
        comment_id: commentId,
        created_time: Math.floor(now / 1000),
        item: 'comment',
        parent_id: parent,
        verb: 'add',
      },
    };
  });
  return { object: 'page', entry: [{ id: channels.facebook, time: Math.floor(now / 1000), changes }] };
}
