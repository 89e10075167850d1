import type { InboundMessageEvent } from '../connector';
import { fixture } from '../testing/fixtures';
import { verifyXSignature, xCrcResponse } from './x-signature';
import { parseXMentionsResponse } from './x-mentions.parser';
import { parseXWebhook } from './x-webhook.parser';

describe('X signature and CRC', () => {
  const v = fixture<{ consumer_secret: string; post_raw_body: string; post_headers: Record<string, string>; crc_response: { body: { response_token: string } } }>(
    'x-crc-and-signature-test-vector',
  );
  it('answers the CRC with base64, not hex', () => {
    expect(xCrcResponse(v.consumer_secret, 'challenge_string')).toEqual(v.crc_response.body);
  });
  it('verifies the body signature and rejects tampering', () => {
    expect(verifyXSignature(v.consumer_secret, Buffer.from(v.post_raw_body), v.post_headers['x-twitter-webhooks-signature'])).toBe(true);
    expect(verifyXSignature(v.consumer_secret, Buffer.from(v.post_raw_body + ' '), v.post_headers['x-twitter-webhooks-signature'])).toBe(false);
    expect(verifyXSignature(v.consumer_secret, Buffer.from(v.post_raw_body), undefined)).toBe(false);
  });
});

describe('parseXWebhook', () => {
  it('reads a mention with the author facts', () => {
    const [m] = parseXWebhook(fixture('x-tweet-create-mention')).events as InboundMessageEvent[];
    expect(m).toMatchObject({
      type: 'message',
      kind: 'mention',
      channelExternalId: '2244994945',
      externalId: '1924465506158878979',
      threadKey: '1924465506158878979',
      parentExternalId: null,
      author: { externalId: '3001969357', handle: 'jgagnon_qc', followers: 22, verified: false },
      occurredAt: new Date(1747663306000),
    });
  });
  it('keeps the parent of a reply', () => {
    const [r] = parseXWebhook(fixture('x-tweet-create-reply')).events as InboundMessageEvent[];
    expect(r.parentExternalId).toBe('1924466000000000000');
  });
  it('reads DMs with the users map, own DMs as echoes, deletes, read receipts and revokes', () => {
    expect(parseXWebhook(fixture('x-dm-message-create')).events[0]).toMatchObject({ kind: 'dm', threadKey: '3001969357', text: 'Hello World!', author: { name: 'Jean Gagnon' } });
    expect(parseXWebhook(fixture('x-dm-own-echo')).events[0]).toMatchObject({ type: 'echo', externalId: '954492000000000001' });
    expect(parseXWebhook(fixture('x-tweet-delete')).events[0]).toMatchObject({ type: 'delete', externalId: '1045405559317569537' });
    expect(parseXWebhook(fixture('x-dm-mark-read')).events[0]).toMatchObject({ type: 'status', status: 'read', externalId: '963085315333238788' });
    expect(parseXWebhook(fixture('x-user-revoke')).events[0]).toMatchObject({ type: 'revoke', channelExternalId: '63046977' });
  });
  it('treats our own tweet as an echo and accepts user_has_blocked as a string', () => {
    const own = fixture<{ tweet_create_events: { user: { id_str: string } }[] }>('x-tweet-create-mention');
    own.tweet_create_events[0].user.id_str = '2244994945';
    expect(parseXWebhook({ ...own, user_has_blocked: 'false' }).events[0]).toMatchObject({ type: 'echo' });
  });
});

describe('parseXMentionsResponse', () => {
  it('reads v2 mentions with expanded authors and the newest id', () => {
    const page = parseXMentionsResponse('2244994945', {
      data: [
        { id: '20', text: '@CafeBoreal allô?', author_id: '7', created_at: '2026-11-25T10:00:00.000Z', referenced_tweets: [{ type: 'replied_to', id: '19' }] },
        { id: '18', text: 'our own', author_id: '2244994945', created_at: '2026-11-25T09:00:00.000Z' },
      ],
      includes: { users: [{ id: '7', name: 'Anne', username: 'anne_mtl', public_metrics: { followers_count: 1200 }, verified: true }] },
      meta: { newest_id: '20', result_count: 2 },
    });
    expect(page.newestId).toBe('20');
    expect(page.events[0]).toMatchObject({ type: 'message', parentExternalId: '19', author: { handle: 'anne_mtl', followers: 1200, verified: true } });
    expect(page.events[1]).toMatchObject({ type: 'echo' });
  });
});
