import type { Platform } from '@babillard/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { FakeApiReceiver, FakeGraphApi, FakeXApi } from '../../testing/fake-platforms';
import { seedConversation, waitFor } from '../../testing/replies-seed';
import { seedChannel, seedUser, seedWorkspace, TEST_PASSWORD } from '../../testing/seed';
import { createTestApp, login, type TestApp } from '../../testing/test-app';
import { DOMAIN_EVENTS, type NotificationRequested } from '../conversations/conversation.events';
import { RealtimeServer, type OutgoingEvent } from '../realtime/realtime-server';
import { ReplyWriter } from './reply-writer';

const PAGE = '100473908465587';
const IG = '17841400000000001';
const WA_PHONE = '106540352242922';
const X_USER = '4337869213';
const API_SECRET = 'api-channel-secret-0123456789';

describe('replies (HTTP → pg-boss → fake platforms)', () => {
  let t: TestApp;
  const graph = new FakeGraphApi(new Map([['page-token', PAGE], ['ig-token', IG], ['wa-token', WA_PHONE]]));
  const x = new FakeXApi(new Map([['x-token', X_USER]]));
  const receiver = new FakeApiReceiver(API_SECRET);
  let workspaceId: string;
  let agent: string;
  let lead: string;
  let admin: string;
  let agentId: string;
  const channels: Record<string, string> = {};

  const api = (token: string) => ({
    post: (path: string, body: object) => request(t.http).post(`/api/v1/workspaces/${workspaceId}${path}`).set('authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => request(t.http).patch(`/api/v1/workspaces/${workspaceId}${path}`).set('authorization', `Bearer ${token}`).send(body),
  });
  const reply = (conversationId: string, text: string, extra: object = {}) =>
    api(agent).post(`/conversations/${conversationId}/replies`, { text, idempotencyKey: randomUUID(), ...extra });
  const delivery = async (messageId: string) => {
    const [m] = await t.dataSource.query(
      `SELECT m.delivery_status, m.external_id, m.error, m.error_code, m.sent_at, d.state FROM message m JOIN reply_delivery d ON d.message_id = m.id WHERE m.id = $1`,
      [messageId],
    );
    return m as { delivery_status: string; external_id: string | null; error: string | null; error_code: string | null; sent_at: Date | null; state: string };
  };
  const sent = (messageId: string, timeoutMs?: number) =>
    waitFor(async () => {
      const d = await delivery(messageId);
      return d.delivery_status === 'sent' ? d : null;
    }, `message ${messageId} sent`, timeoutMs);
  const conversation = (platform: Platform, kind: 'comment' | 'dm' | 'mention', threadKey: string, opts: Partial<Parameters<typeof seedConversation>[1]> = {}) =>
    seedConversation(t.dataSource, {
      workspaceId,
      channelId: channels[opts.channelId ?? platform],
      platform,
      kind,
      threadKey,
      inbound: [{ externalId: `${threadKey}-in` }],
      ...opts,
      ...(opts.channelId ? { channelId: channels[opts.channelId] } : {}),
    });

  beforeAll(async () => {
    await Promise.all([graph.start(), x.start(), receiver.start()]);
    t = await createTestApp({
      env: {
        META_GRAPH_URL: graph.graphUrl,
        X_API_URL: x.url,
        REPLY_RETRY_BASE_MS: '100',
        REPLY_RATE_LIMIT_WAIT_MS: '1500',
        REPLY_SEND_TIMEOUT_MS: '3000',
      },
    });
    const ws = await seedWorkspace(t.dataSource);
    workspaceId = ws.id;
    const a = await seedUser(t.dataSource, { workspaceId, role: 'agent', name: 'Marie Tremblay', email: `marie-${randomUUID().slice(0, 6)}@example.com` });
    agentId = a.id;
    const l = await seedUser(t.dataSource, { workspaceId, role: 'lead', name: 'Léa Gagnon' });
    const ad = await seedUser(t.dataSource, { workspaceId, role: 'admin', name: 'Sophie Admin' });
    [agent, lead, admin] = await Promise.all([a, l, ad].map((u) => login(t.http, u.email, TEST_PASSWORD)));
    const mk = async (key: string, platform: Platform, externalId: string, accessToken?: string, extra: object = {}) => {
      const c = await seedChannel(t.dataSource, { workspaceId, platform, externalId, accessToken, ...extra });
      channels[key] = c.id;
    };
    await mk('facebook', 'facebook', PAGE, 'page-token');
    await mk('instagram', 'instagram', IG, 'ig-token');
    await mk('whatsapp', 'whatsapp', WA_PHONE, 'wa-token');
    await mk('x', 'x', X_USER, 'x-token');
    await mk('api', 'api', 'shop-1', undefined, { secret: API_SECRET, outboundUrl: receiver.outboundUrl });
    await mk('facebook-tagged', 'facebook', '200000000000001', 'page-token');
    await t.dataSource.query(`UPDATE channel SET settings = settings || '{"humanAgentTag": true}' WHERE id = $1`, [channels['facebook-tagged']]);
    await mk('facebook-revoked', 'facebook', '300000000000001', 'revoked-token');
    await mk('x-limited', 'x', '5550001', 'x-token-2');
    x.tokens.set('x-token-2', '5550001');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await Promise.all([graph.stop(), x.stop(), receiver.stop()]);
  });

  describe('each platform gets its documented call', () => {
    it('Facebook comment → POST /{comment-id}/comments with the page token; the id is stored', async () => {
      const c = await conversation('facebook', 'comment', '150691160110528_150691260110518', {
        inbound: [{ externalId: '150691160110528_150691260110518' }, { externalId: '150691160110528_150691300000002' }],
      });
      const res = await reply(c.id, 'Merci, on regarde votre commande !');
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ direction: 'outbound', deliveryStatus: 'pending', conversationId: c.id });
      const d = await sent(res.body.id);
      // Answers the customer's latest comment of the thread.
      const call = graph.posts(/\/150691160110528_150691300000002\/comments$/).at(-1)!;
      expect(call.path).toBe('/v21.0/150691160110528_150691300000002/comments');
      expect(call.headers.authorization).toBe('Bearer page-token');
      expect(call.body).toEqual({ message: 'Merci, on regarde votre commande !' });
      expect(d.external_id).toBe(graph.stored.at(-1)!.id);
      expect(d.sent_at).not.toBeNull();
    });

    it('Instagram comment → POST /{ig-comment-id}/replies; mention → POST /{ig-user-id}/mentions with the media', async () => {
      const c = await conversation('instagram', 'comment', '17865799348089039', { inbound: [{ externalId: '17865799348089039' }] });
      const res = await reply(c.id, 'Size M is back in stock.');
      await sent(res.body.id);
      expect(graph.posts(/17865799348089039\/replies$/)).toHaveLength(1);
      expect(graph.posts(/17865799348089039\/replies$/)[0].body).toEqual({ message: 'Size M is back in stock.' });

      const mention = await conversation('instagram', 'mention', '17894227972186120', { inbound: [{ externalId: '17894227972186120' }], postExternalId: '17918195224117851' });
      const r2 = await reply(mention.id, 'Thanks for the shout-out!');
      await sent(r2.body.id);
      expect(graph.posts(new RegExp(`${IG}/mentions$`))[0].body).toEqual({
        media_id: '17918195224117851',
        comment_id: '17894227972186120',
        message: 'Thanks for the shout-out!',
      });
    });

    it('Messenger and Instagram DMs → POST /me/messages, RESPONSE inside 24 h, HUMAN_AGENT tag after it where enabled', async () => {
      const dm = await conversation('facebook', 'dm', '6780462125377510', { inbound: [{ externalId: 'm_in_1', at: new Date(Date.now() - 3_600_000) }] });
      const res = await reply(dm.id, 'hello, world');
      const d = await sent(res.body.id);
      const call = graph.posts(/\/me\/messages$/).find((r) => (r.body.recipient as { id: string }).id === '6780462125377510')!;
      expect(call.body).toEqual({ recipient: { id: '6780462125377510' }, messaging_type: 'RESPONSE', message: { text: 'hello, world', metadata: `babillard:${res.body.id}` } });
      expect(d.external_id).toMatch(/^m_/);

      const old = await conversation('facebook', 'dm', '6780462125377511', {
        channelId: 'facebook-tagged',
        inbound: [{ externalId: 'm_in_2', at: new Date(Date.now() - 3 * 24 * 3_600_000) }],
      });
      const r2 = await reply(old.id, 'Following up on your order question.');
      await sent(r2.body.id);
      const tagged = graph.posts(/\/me\/messages$/).find((r) => (r.body.recipient as { id: string }).id === '6780462125377511')!;
      expect(tagged.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });

      const ig = await conversation('instagram', 'dm', '1082475449920958', { inbound: [{ externalId: 'aWdf_in' }] });
      const r3 = await reply(ig.id, 'Hi! How can we help?');
      await sent(r3.body.id);
      const igCall = graph.posts(/\/me\/messages$/).find((r) => (r.body.recipient as { id: string }).id === '1082475449920958')!;
      expect(igCall.headers.authorization).toBe('Bearer ig-token');
    });

    it('WhatsApp → POST /{phone-number-id}/messages; the wamid is stored', async () => {
      const c = await conversation('whatsapp', 'dm', '16505551234', { inbound: [{ externalId: 'wamid.in1' }] });
      const res = await reply(c.id, 'Yes — it also comes in blue and green.');
      const d = await sent(res.body.id);
      const call = graph.posts(new RegExp(`/${WA_PHONE}/messages$`))[0];
      expect(call.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '16505551234',
        type: 'text',
        text: { preview_url: false, body: 'Yes — it also comes in blue and green.' },
      });
      expect(d.external_id).toMatch(/^wamid\./);
    });

    it('X → POST /2/tweets in reply to the tweet, POST /2/dm_conversations/with/:id/messages for DMs', async () => {
      const c = await conversation('x', 'mention', '1924465506158878979', { inbound: [{ externalId: '1924465506158878979' }] });
      const res = await reply(c.id, '@jgagnon_qc Sorry about that! Please DM us your order number.');
      const d = await sent(res.body.id);
      const call = x.posts(/^\/2\/tweets$/)[0];
      expect(call.headers.authorization).toBe('Bearer x-token');
      expect(call.body).toEqual({ text: '@jgagnon_qc Sorry about that! Please DM us your order number.', reply: { in_reply_to_tweet_id: '1924465506158878979' } });
      expect(d.external_id).toBe(x.tweets[0].id);

      const dm = await conversation('x', 'dm', '3001969357', { inbound: [{ externalId: '1582103724607971000' }] });
      const r2 = await reply(dm.id, 'Hi Jordan, thanks for reaching out!');
      const d2 = await sent(r2.body.id);
      expect(x.posts(/^\/2\/dm_conversations\/with\/3001969357\/messages$/)[0].body).toEqual({ text: 'Hi Jordan, thanks for reaching out!' });
      expect(d2.external_id).toBe(x.dms[0].id);
    });

    it('generic channel → signed POST to its outbound URL with an Idempotency-Key', async () => {
      const c = await conversation('api', 'dm', 'customer-42', { inbound: [{ externalId: 'evt-1' }] });
      const key = randomUUID();
      const res = await api(agent).post(`/conversations/${c.id}/replies`, { text: 'Votre colis part demain.', idempotencyKey: key });
      const d = await sent(res.body.id);
      const call = receiver.posts()[0];
      expect(call.headers['idempotency-key']).toBe(key);
      expect(JSON.parse(call.rawBody)).toMatchObject({ id: res.body.id, recipientId: 'customer-42', text: 'Votre colis part demain.' });
      expect(d.external_id).toBe('ext-1'); // the receiver accepted the signature
    });
  });

  it('an echo that ingestion stored before the platform answered gives way to the reply (one message per platform id)', async () => {
    const c = await conversation('api', 'dm', 'customer-43', { inbound: [{ externalId: 'evt-2' }] });
    const nextId = `ext-${receiver.accepted.size + 1}`;
    await t.dataSource.query(
      `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, text, created_at)
       VALUES ($1, $2, $3, 'outbound', $4, 'echo', now())`,
      [workspaceId, c.id, channels.api, nextId],
    );
    const res = await reply(c.id, 'Bien reçu !');
    const d = await sent(res.body.id);
    expect(d.external_id).toBe(nextId);
    const rows = await t.dataSource.query(`SELECT id FROM message WHERE channel_id = $1 AND external_id = $2`, [channels.api, nextId]);
    expect(rows).toEqual([{ id: res.body.id }]);
  });

  describe('acceptance', () => {
    it('sets the first-response time once and the status from the workspace setting', async () => {
      const c = await conversation('facebook', 'comment', '9000_1');
      const first = await reply(c.id, 'first');
      expect(first.status).toBe(202);
      const [after1] = await t.dataSource.query(`SELECT status, first_response_at, waiting_since FROM conversation WHERE id = $1`, [c.id]);
      expect(after1.status).toBe('pending');
      expect(after1.waiting_since).toBeNull();
      expect(after1.first_response_at).not.toBeNull();

      await t.dataSource.query(`UPDATE workspace SET settings = settings || '{"statusAfterReply": "resolved"}' WHERE id = $1`, [workspaceId]);
      try {
        await reply(c.id, 'second');
        const [after2] = await t.dataSource.query(`SELECT status, first_response_at FROM conversation WHERE id = $1`, [c.id]);
        expect(after2.status).toBe('resolved');
        expect(after2.first_response_at.getTime()).toBe(after1.first_response_at.getTime());
      } finally {
        await t.dataSource.query(`UPDATE workspace SET settings = settings - 'statusAfterReply' WHERE id = $1`, [workspaceId]);
      }
    });

    it('the same idempotencyKey returns the same message and sends once, even when requests race', async () => {
      const c = await conversation('facebook', 'comment', '9000_2');
      const key = randomUUID();
      const body = { text: 'double click', idempotencyKey: key };
      const [a, b] = await Promise.all([api(agent).post(`/conversations/${c.id}/replies`, body), api(agent).post(`/conversations/${c.id}/replies`, body)]);
      const again = await api(agent).post(`/conversations/${c.id}/replies`, body);
      expect([a.status, b.status, again.status]).toEqual([202, 202, 202]);
      expect(new Set([a.body.id, b.body.id, again.body.id]).size).toBe(1);
      await sent(a.body.id);
      await new Promise((r) => setTimeout(r, 300));
      expect(graph.posts(/9000_2-in\/comments$/)).toHaveLength(1);
      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int FROM message WHERE conversation_id = $1 AND direction = 'outbound'`, [c.id]);
      expect(count).toBe(1);
    });

    it('replies accepted together are stored in one transaction: each once, duplicates folded, sent in order', async () => {
      const keys = ['9000_61', '9000_62', '9000_63'];
      const convs = await Promise.all(keys.map((k) => conversation('facebook', 'comment', k)));
      const writer = t.app.get(ReplyWriter);
      const batches = jest.spyOn(writer as unknown as { storeMany: (...a: unknown[]) => Promise<Set<string>> }, 'storeMany');
      const key = randomUUID();
      try {
        const texts = Array.from({ length: 12 }, (_, i) => `ensemble ${i}`);
        const [dupA, dupB, ...rest] = await Promise.all([
          api(agent).post(`/conversations/${convs[0].id}/replies`, { text: 'en double', idempotencyKey: key }),
          api(agent).post(`/conversations/${convs[0].id}/replies`, { text: 'en double', idempotencyKey: key }),
          ...texts.map((text, i) => reply(convs[i % 3].id, text)),
        ]);
        expect([dupA, dupB, ...rest].map((r) => r.status)).toEqual(Array(14).fill(202));
        expect(dupB.body.id).toBe(dupA.body.id);
        expect(batches).toHaveBeenCalled();
        await Promise.all([dupA, ...rest].map((r) => sent(r.body.id)));

        for (const [n, c] of convs.entries()) {
          const mine = texts.filter((_, i) => i % 3 === n).concat(n === 0 ? ['en double'] : []);
          const calls = graph.posts(new RegExp(`${keys[n]}-in/comments$`)).map((r) => r.body.message as string);
          expect([...calls].sort()).toEqual([...mine].sort()); // each reply reached the platform once
          // ...in the order the deliveries were queued (arrival order).
          const order: { text: string }[] = await t.dataSource.query(
            `SELECT m.text FROM reply_delivery d JOIN message m ON m.id = d.message_id WHERE d.conversation_id = $1 ORDER BY d.created_at, d.message_id`,
            [c.id],
          );
          expect(calls).toEqual(order.map((o) => o.text));
          const [{ events }] = await t.dataSource.query(`SELECT count(*)::int AS events FROM conversation_event WHERE conversation_id = $1 AND type = 'reply.created'`, [c.id]);
          expect(events).toBe(mine.length);
          const [{ last_message_text, status }] = await t.dataSource.query(`SELECT last_message_text, status FROM conversation WHERE id = $1`, [c.id]);
          expect(status).toBe('pending');
          expect(last_message_text).toBe(order.at(-1)!.text);
        }
      } finally {
        batches.mockRestore();
      }
    });

    it('refuses with 422 and words an agent understands: empty, too long, window closed', async () => {
      const tweet = await conversation('x', 'mention', '1924465506158870001');
      const empty = await reply(tweet.id, '   ');
      expect(empty.status).toBe(422);
      expect(empty.body.message).toMatch(/empty/);
      const long = await reply(tweet.id, 'a'.repeat(281));
      expect(long.status).toBe(422);
      expect(long.body.message).toBe('the reply is 281 characters; X allows 280 in a public reply (1 too many)');

      const wa = await conversation('whatsapp', 'dm', '16505550000', { inbound: [{ externalId: 'wamid.old', at: new Date(Date.now() - 27 * 3_600_000) }] });
      const closed = await reply(wa.id, 'hello?');
      expect(closed.status).toBe(422);
      expect(closed.body.message).toMatch(/^the 24-hour window closed 3 h ago/);

      const messenger = await conversation('facebook', 'dm', '6780462125370000', { inbound: [{ externalId: 'm_old', at: new Date(Date.now() - 2001 * 60_000) }] });
      expect((await reply(messenger.id, 'x'.repeat(2001))).body.message).toMatch(/2,001 characters; Facebook allows 2,000/);

      const [{ count }] = await t.dataSource.query(`SELECT count(*)::int FROM message WHERE conversation_id = ANY($1) AND direction = 'outbound'`, [[tweet.id, wa.id, messenger.id]]);
      expect(count).toBe(0);
      expect(x.posts().filter((r) => JSON.stringify(r.body).includes('aaaa'))).toHaveLength(0);
    });

    it('soft lock: 409 when the customer wrote after the message the agent saw', async () => {
      const c = await conversation('facebook', 'comment', '9000_3', {
        inbound: [{ externalId: '9000_3', at: new Date(Date.now() - 60_000) }, { externalId: '9000_3b', at: new Date() }],
      });
      const stale = await reply(c.id, 'answer', { expectedLastMessageId: c.messageIds[0] });
      expect(stale.status).toBe(409);
      expect(stale.body.message).toMatch(/^the conversation changed since you opened it: the customer wrote 1 new message/);
      const fresh = await reply(c.id, 'answer', { expectedLastMessageId: c.messageIds[1] });
      expect(fresh.status).toBe(202);
    });

    it('holds crisis replies for a lead when the workspace asks for approval', async () => {
      await t.dataSource.query(`UPDATE workspace SET settings = settings || '{"crisisReplyApproval": true}' WHERE id = $1`, [workspaceId]);
      try {
        const c = await conversation('facebook', 'comment', '9000_4', { crisisId: randomUUID() });
        const res = await reply(c.id, 'We are investigating.');
        expect(res.status).toBe(202);
        expect(res.body.awaitingApproval).toBe(true);
        await new Promise((r) => setTimeout(r, 500));
        expect(graph.posts(/9000_4-in\/comments$/)).toHaveLength(0);
        expect((await api(agent).post(`/messages/${res.body.id}/approve`, {})).status).toBe(403);
        const approved = await api(lead).post(`/messages/${res.body.id}/approve`, {});
        expect(approved.status).toBe(202);
        await sent(res.body.id);
        expect(graph.posts(/9000_4-in\/comments$/)).toHaveLength(1);
        expect((await api(lead).post(`/messages/${res.body.id}/approve`, {})).status).toBe(409);
      } finally {
        await t.dataSource.query(`UPDATE workspace SET settings = settings - 'crisisReplyApproval' WHERE id = $1`, [workspaceId]);
      }
    });
  });

  it('a held reply says so in the message list and in realtime payloads, until a lead approves it', async () => {
    await t.dataSource.query(`UPDATE workspace SET settings = settings || '{"crisisReplyApproval": true}' WHERE id = $1`, [workspaceId]);
    const server = t.app.get(RealtimeServer);
    const emitted: OutgoingEvent[] = [];
    const emit = server.emit.bind(server);
    const spy = jest.spyOn(server, 'emit').mockImplementation((rooms, event) => {
      emitted.push(event);
      emit(rooms, event);
    });
    try {
      const c = await conversation('facebook', 'comment', '9000_5', { crisisId: randomUUID() });
      const res = await reply(c.id, 'Nous enquêtons.');
      expect(res.body.awaitingApproval).toBe(true);
      const pushed = (name: string) =>
        waitFor(async () => {
          const e = emitted.find((x) => x.name === name && (x.payload as { message?: { id: string } }).message?.id === res.body.id);
          return e ? (e.payload as unknown as { message: Record<string, unknown> }).message : null;
        }, `${name} for the held reply`);
      const listed = async () => {
        const page = await request(t.http).get(`/api/v1/workspaces/${workspaceId}/conversations/${c.id}/messages`).set('authorization', `Bearer ${agent}`).expect(200);
        return (page.body.items as { id: string; direction: string; awaitingApproval?: boolean }[]).filter((m) => m.direction !== 'inbound');
      };

      expect((await pushed('message.created')).awaitingApproval).toBe(true);
      // Published from the committed row the API holds: the same message the request was answered with.
      expect(await pushed('message.created')).toEqual(expect.objectContaining({ ...res.body, deliveryStatus: 'pending' }));
      expect(await listed()).toEqual([expect.objectContaining({ id: res.body.id, awaitingApproval: true })]);

      expect((await api(lead).post(`/messages/${res.body.id}/approve`, {})).status).toBe(202);
      await sent(res.body.id);
      const updated = await waitFor(async () => {
        const e = emitted.filter((x) => x.name === 'message.updated' && (x.payload as { message?: { id: string } }).message?.id === res.body.id).at(-1);
        const m = e && (e.payload as unknown as { message: { deliveryStatus: string; awaitingApproval?: boolean } }).message;
        return m?.deliveryStatus === 'sent' ? m : null;
      }, 'message.updated (sent)');
      expect(updated.awaitingApproval).toBeUndefined();
      expect((await listed())[0].awaitingApproval).toBeUndefined();
    } finally {
      spy.mockRestore();
      await t.dataSource.query(`UPDATE workspace SET settings = settings - 'crisisReplyApproval' WHERE id = $1`, [workspaceId]);
    }
  });

  describe('delivery', () => {
    it('retries network errors and 5xx with backoff, then succeeds', async () => {
      const c = await conversation('facebook', 'comment', '9100_1');
      graph.failNext({ status: 0, body: null }, 1, /9100_1-in/);
      graph.failNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } } }, 1, /9100_1-in/);
      const res = await reply(c.id, 'third time lucky');
      await sent(res.body.id);
      const calls = graph.posts(/9100_1-in\/comments$/);
      expect(calls).toHaveLength(3); // dropped connection, 500, then success
      // Exponential: the second wait (base 100 ms × 2, jittered to ≥ 100 ms) follows a first of ≥ 50 ms.
      expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(45);
      expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(95);
    });

    it('X 429: waits until x-rate-limit-reset and holds the channel’s other sends, not other channels', async () => {
      const a = await conversation('x', 'mention', '1924465506158871001', { channelId: 'x-limited' });
      const b = await conversation('x', 'mention', '1924465506158871002', { channelId: 'x-limited' });
      const other = await conversation('x', 'mention', '1924465506158871003');
      const reset = Math.ceil(Date.now() / 1000) + 2;
      x.failNext(FakeXApi.rateLimited(reset));
      const first = await reply(a.id, 'limited one');
      await waitFor(async () => x.posts(/^\/2\/tweets$/).some((r) => r.body.text === 'limited one'), 'first attempt');
      const second = await reply(b.id, 'limited two');
      const free = await reply(other.id, 'other channel');
      await sent(free.body.id);
      expect((await delivery(second.body.id)).delivery_status).toBe('pending');
      await Promise.all([sent(first.body.id, 8000), sent(second.body.id, 8000)]);
      const limitedCalls = x.posts(/^\/2\/tweets$/).filter((r) => r.headers.authorization === 'Bearer x-token-2');
      expect(limitedCalls).toHaveLength(3); // the 429, then each reply once
      for (const call of limitedCalls.slice(1)) expect(call.at).toBeGreaterThanOrEqual(reset * 1000 - 50);
    });

    it('Graph throttling (code 32) waits instead of failing', async () => {
      const c = await conversation('facebook', 'comment', '9100_2');
      graph.failNext(FakeGraphApi.rateLimited(32), 1, /9100_2-in\/comments$/);
      const res = await reply(c.id, 'after the throttle');
      const hold = await waitFor(async () => {
        const [h] = await t.dataSource.query(`SELECT reason, until FROM channel_send_hold WHERE channel_id = $1`, [channels.facebook]);
        return h as { reason: string } | undefined;
      }, 'rate-limit hold');
      expect(hold.reason).toBe('rate_limited');
      expect((await delivery(res.body.id)).delivery_status).toBe('pending');
      await sent(res.body.id, 6000);
      const calls = graph.posts(/9100_2-in\/comments$/);
      expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1400); // REPLY_RATE_LIMIT_WAIT_MS
    });

    it('permanent errors fail the message with the platform reason; the retry action sends it again', async () => {
      const c = await conversation('facebook', 'dm', '6780462125379999');
      graph.failNext(FakeGraphApi.error(10, '(#10) This message is sent outside of allowed window.', { error_subcode: 2018278 }), 1, /\/me\/messages$/);
      const res = await reply(c.id, 'late answer');
      const failed = await waitFor(async () => {
        const d = await delivery(res.body.id);
        return d.delivery_status === 'failed' ? d : null;
      }, 'failure');
      expect(failed.error).toBe('(#10) This message is sent outside of allowed window.');
      expect(failed.error_code).toBe('10/2018278');
      expect(graph.posts(/\/me\/messages$/).filter((r) => (r.body.message as { text: string }).text === 'late answer')).toHaveLength(1);

      const retried = await api(agent).post(`/messages/${res.body.id}/retry`, {});
      expect(retried.status).toBe(202);
      expect(retried.body.deliveryStatus).toBe('pending');
      await sent(res.body.id);
      expect((await api(agent).post(`/messages/${res.body.id}/retry`, {})).status).toBe(409);
    });

    it('an X usage cap is permanent, not a wait', async () => {
      const c = await conversation('x', 'mention', '1924465506158872001');
      x.failNext(FakeXApi.usageCapped(), 1, /^\/2\/tweets$/);
      const res = await reply(c.id, 'capped');
      const failed = await waitFor(async () => {
        const d = await delivery(res.body.id);
        return d.delivery_status === 'failed' ? d : null;
      }, 'failure');
      expect(failed.error).toBe('Usage cap exceeded: Monthly product cap');
    });

    it('a revoked token (190) holds the channel’s sends and marks it needs_reconnect; a new token releases them', async () => {
      const first = await conversation('facebook', 'comment', '9200_1', { channelId: 'facebook-revoked' });
      const second = await conversation('facebook', 'comment', '9200_2', { channelId: 'facebook-revoked' });
      const statusEvents: string[] = [];
      t.app.get(EventEmitter2).on('channel.status_changed', (e: { status: string }) => statusEvents.push(e.status));
      const r1 = await reply(first.id, 'held one');
      await waitFor(async () => {
        const [ch] = await t.dataSource.query(`SELECT status FROM channel WHERE id = $1`, [channels['facebook-revoked']]);
        return ch.status === 'needs_reconnect';
      }, 'needs_reconnect');
      const r2 = await reply(second.id, 'held two');
      await waitFor(async () => (await delivery(r2.body.id)).state === 'held', 'second held');
      expect((await delivery(r1.body.id)).delivery_status).toBe('pending'); // not failed
      expect(graph.posts(/9200_2-in\/comments$/)).toHaveLength(0); // never tried with the dead token
      expect(statusEvents).toContain('needs_reconnect');

      graph.tokens.set('fresh-token', '300000000000001');
      const patched = await api(admin).patch(`/channels/${channels['facebook-revoked']}`, { accessToken: 'fresh-token' });
      expect(patched.status).toBe(200);
      await Promise.all([sent(r1.body.id), sent(r2.body.id)]);
      expect(graph.posts(/9200_2-in\/comments$/).at(-1)!.headers.authorization).toBe('Bearer fresh-token');
    });
  });

  describe('notes', () => {
    it('stores a private note, sends nothing, and notifies mentioned colleagues live', async () => {
      const c = await conversation('facebook', 'comment', '9300_1');
      const colleague = await seedUser(t.dataSource, { workspaceId, role: 'agent', name: 'Jordan Roy', email: `jordan.roy.${randomUUID().slice(0, 4)}@example.com` });
      const notifications: NotificationRequested[] = [];
      t.app.get(EventEmitter2).on(DOMAIN_EVENTS.notification, (n: NotificationRequested) => notifications.push(n));
      const before = graph.requests.length + x.requests.length;
      const res = await api(agent).post(`/conversations/${c.id}/notes`, { text: 'Client VIP, @JordanRoy peux-tu regarder ?' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ direction: 'note', deliveryStatus: null, author: { userId: agentId } });
      expect(notifications).toEqual([
        expect.objectContaining({ kind: 'mention', userIds: [colleague.id], conversationId: c.id, text: expect.stringMatching(/^Marie Tremblay mentioned you/) }),
      ]);
      expect(graph.requests.length + x.requests.length).toBe(before);
      expect((await api(agent).post(`/conversations/${c.id}/notes`, { text: ' ' })).status).toBe(422);
    });
  });
});
