import type { InboundMessageEvent, InboundStatusEvent } from '../connector';
import { fixture } from '../testing/fixtures';
import { metaHandshakeChallenge, signMetaBody, verifyMetaSignature } from './meta-signature';
import { parseMetaWebhook } from './meta-webhook.parser';

describe('Meta signature', () => {
  const vector = fixture<{
    app_secret: string;
    raw_body: string;
    headers: Record<string, string>;
    unicode_case: { raw_body: string; x_hub_signature_256: string; reserialized_body_WRONG: string };
  }>('meta-signature-test-vector');

  it('accepts the published vector and rejects a tampered body or another secret', () => {
    const body = Buffer.from(vector.raw_body);
    expect(verifyMetaSignature(vector.app_secret, body, vector.headers['X-Hub-Signature-256'])).toBe(true);
    expect(verifyMetaSignature(vector.app_secret, Buffer.from(vector.raw_body.replace('xzy', 'xzz')), vector.headers['X-Hub-Signature-256'])).toBe(false);
    expect(verifyMetaSignature('other', body, vector.headers['X-Hub-Signature-256'])).toBe(false);
    expect(verifyMetaSignature(vector.app_secret, body, undefined)).toBe(false);
    expect(verifyMetaSignature(vector.app_secret, body, vector.headers['X-Hub-Signature'])).toBe(false);
    expect(verifyMetaSignature('', body, signMetaBody('', body))).toBe(false);
  });

  it('verifies the raw bytes with \\u escapes, not a re-serialisation', () => {
    const u = vector.unicode_case;
    expect(verifyMetaSignature(vector.app_secret, Buffer.from(u.raw_body), u.x_hub_signature_256)).toBe(true);
    expect(verifyMetaSignature(vector.app_secret, Buffer.from(u.reserialized_body_WRONG), u.x_hub_signature_256)).toBe(false);
  });

  it('answers the handshake only with the right token', () => {
    expect(metaHandshakeChallenge('tok', { mode: 'subscribe', token: 'tok', challenge: '1158201444' })).toBe('1158201444');
    expect(metaHandshakeChallenge('tok', { mode: 'subscribe', token: 'nope', challenge: '1' })).toBeNull();
    expect(metaHandshakeChallenge('tok', { mode: 'unsubscribe', token: 'tok', challenge: '1' })).toBeNull();
    expect(metaHandshakeChallenge('', { mode: 'subscribe', token: '', challenge: '1' })).toBeNull();
  });
});

describe('parseMetaWebhook', () => {
  it('reads a Facebook top-level comment with its post, in seconds', () => {
    const { events } = parseMetaWebhook(fixture('facebook-feed-comment-add'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'message',
        platform: 'facebook',
        kind: 'comment',
        channelExternalId: '100473908465587',
        externalId: '150691160110528_150691260110518',
        threadKey: '150691160110528_150691260110518',
        parentExternalId: null,
        post: { externalId: '100473908465587_150691160110528', permalink: 'https://www.facebook.com/bytemv/posts/150691160110528' },
        author: { externalId: '3844961895548656', name: 'Marie Tremblay' },
        text: 'xzy',
        occurredAt: new Date(1603845970 * 1000),
      }),
    ]);
  });

  it('threads a reply under its top-level comment', () => {
    const [reply] = parseMetaWebhook(fixture('facebook-feed-comment-reply-add')).events as InboundMessageEvent[];
    expect(reply.threadKey).toBe('150691160110528_150691260110518');
    expect(reply.parentExternalId).toBe('150691160110528_150691260110518');
  });

  it('maps edit, remove, page echo and skips hide', () => {
    expect(parseMetaWebhook(fixture('facebook-feed-comment-edited')).events[0]).toMatchObject({ type: 'edit', text: 'Great' });
    expect(parseMetaWebhook(fixture('facebook-feed-comment-remove')).events[0]).toMatchObject({ type: 'delete', externalId: '139560936744456_139597043408045' });
    expect(parseMetaWebhook(fixture('facebook-feed-comment-by-page-echo')).events[0]).toMatchObject({ type: 'echo', externalId: '139560936755999_140077616693321' });
    const hide = parseMetaWebhook(fixture('facebook-feed-comment-hide'));
    expect(hide.events).toEqual([]);
    expect(hide.skipped).toEqual({ 'facebook_comment_verb:hide': 1 });
  });

  it('reads Messenger DMs (ms timestamps, attachments) and echo/delivery/read receipts', () => {
    const [dm] = parseMetaWebhook(fixture('facebook-messenger-text')).events as InboundMessageEvent[];
    expect(dm).toMatchObject({ type: 'message', kind: 'dm', threadKey: '6780462125377510', text: '测试私信', occurredAt: new Date(1701427704837) });
    const [att] = parseMetaWebhook(fixture('facebook-messenger-attachment')).events as InboundMessageEvent[];
    expect(att.attachments).toEqual([{ type: 'image', url: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/example.jpg' }]);
    const receipts = parseMetaWebhook(fixture('facebook-messenger-echo-delivery-read')).events;
    expect(receipts.map((e) => e.type)).toEqual(['echo', 'status', 'status', 'status']);
    const read = receipts[3] as InboundStatusEvent;
    expect(read).toMatchObject({ status: 'read', recipientExternalId: '1160103300748406', watermark: new Date(1478076694758) });
  });

  it('reads Instagram comments, replies, DMs, echoes, story replies and seen receipts', () => {
    expect(parseMetaWebhook(fixture('instagram-comment')).events[0]).toMatchObject({ platform: 'instagram', kind: 'comment', threadKey: '17865799348089039', post: { externalId: '123123123' }, author: { handle: 'test' } });
    expect(parseMetaWebhook(fixture('instagram-comment-reply')).events[0]).toMatchObject({ threadKey: '17865799348089039', parentExternalId: '17865799348089039' });
    expect(parseMetaWebhook(fixture('instagram-dm-text')).events[0]).toMatchObject({ kind: 'dm', text: 'Hi', threadKey: '1082475449920958' });
    expect(parseMetaWebhook(fixture('instagram-dm-echo')).events[0]).toMatchObject({ type: 'echo' });
    expect(parseMetaWebhook(fixture('instagram-story-reply')).events[0]).toMatchObject({ type: 'message', text: 'Love this look!' });
    expect(parseMetaWebhook(fixture('instagram-story-mention')).events[0]).toMatchObject({ type: 'message', attachments: [expect.objectContaining({ type: 'story_mention' })] });
    expect(parseMetaWebhook(fixture('instagram-messaging-seen')).events[0]).toMatchObject({ type: 'status', status: 'read' });
    expect(parseMetaWebhook(fixture('instagram-mention-comment')).skipped).toEqual({ instagram_mention_needs_fetch: 1 });
  });

  it('reads WhatsApp messages (string seconds, profile name, context) and statuses with errors', () => {
    const [msg] = parseMetaWebhook(fixture('whatsapp-message-text')).events as InboundMessageEvent[];
    expect(msg).toMatchObject({ platform: 'whatsapp', channelExternalId: '106540352242922', kind: 'dm', threadKey: '16505551234', author: { name: 'Sheena Nelson' }, text: 'Does it come in another color?', occurredAt: new Date(1749416383000) });
    const [reply] = parseMetaWebhook(fixture('whatsapp-message-reply-with-context')).events as InboundMessageEvent[];
    expect(reply.parentExternalId).toBe('wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1QjJGRjI1RDY0RkE4Nzg4QzcA');
    expect(parseMetaWebhook(fixture('whatsapp-status-delivered')).events[0]).toMatchObject({ type: 'status', status: 'delivered' });
    expect(parseMetaWebhook(fixture('whatsapp-status-failed')).events[0]).toMatchObject({ type: 'status', status: 'failed', error: { code: '131049' } });
  });

  it('keeps every entry and change of a batch, and one bad item does not lose the others', () => {
    const comment = fixture<{ entry: { changes: unknown[] }[] }>('facebook-feed-comment-add');
    const batch = {
      object: 'page',
      entry: [
        { ...comment.entry[0], changes: [comment.entry[0].changes[0], { field: 'feed', value: 'garbage' }, { field: 'feed', value: { item: 'reaction', verb: 'add' } }] },
        'not-an-entry',
        { id: '42', messaging: [{ sender: { id: '7' }, recipient: { id: '42' }, timestamp: 1, message: { mid: 'm.1', text: 'salut' } }] },
      ],
    };
    const parsed = parseMetaWebhook(batch);
    expect(parsed.events.map((e) => e.externalId)).toEqual(['150691160110528_150691260110518', 'm.1']);
    expect(parsed.skipped).toEqual({ malformed_change: 1, 'facebook_feed_item:reaction': 1, malformed_entry: 1 });
  });

  it('never parses ids as numbers', () => {
    const [e] = parseMetaWebhook({ object: 'page', entry: [{ id: '1', messaging: [{ sender: { id: '12345678901234567890' }, recipient: { id: '1' }, timestamp: 5, message: { mid: 'm', text: 'x' } }] }] }).events as InboundMessageEvent[];
    expect(e.author.externalId).toBe('12345678901234567890');
  });
});

describe('entry.time units', () => {
  it('reads seconds on comment changes and milliseconds on messaging', () => {
    const comment = parseMetaWebhook({
      object: 'instagram',
      entry: [{ id: '17841405726653026', time: 1695061705, changes: [{ field: 'comments', value: { from: { id: '1', username: 'u' }, media: { id: 'm' }, id: 'c1', text: 'Allo' } }] }],
    });
    expect(comment.events[0].occurredAt.toISOString()).toBe('2023-09-18T18:28:25.000Z');
  });
});
