import { fixture, fixtureText } from '../../../../../libs/connectors/src/testing/fixtures';
import { signApiChannelBody, signMetaBody, signXBody } from '@babillard/connectors';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { createTestApp, TEST_ENV, type TestApp } from '../../testing/test-app';
import { seedChannel, seedTeam, seedUser, seedWorkspace } from '../../testing/seed';
import { login } from '../../testing/test-app';
import { TokenCipher } from '../../core/token-cipher';
import { ChannelsService } from '../channels/channels.service';
import { DOMAIN_EVENTS } from '../conversations/conversation.events';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { STAGE_CHANNEL, type StageTiming } from '../../core/stage-clock';
import { IntakeProcessor } from './intake/intake.processor';

const FB_PAGE = '100473908465587';
const IG_ACCOUNT = '17841405726653026';
const WA_PHONE = '106540352242922';
const X_USER = '2244994945';

describe('ingestion webhooks (real app, real PostgreSQL)', () => {
  let t: TestApp;
  let workspaceId: string;
  let teamId: string;
  const emitted: { name: string; payload: Record<string, string> }[] = [];

  const postMeta = (body: string | object, signature?: string) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return request(t.http)
      .post('/webhooks/meta')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', signature ?? signMetaBody(TEST_ENV.META_APP_SECRET, raw))
      .send(raw);
  };
  const postX = (body: string | object) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return request(t.http)
      .post('/webhooks/x')
      .set('Content-Type', 'application/json')
      .set('x-twitter-webhooks-signature', signXBody(TEST_ENV.X_CONSUMER_SECRET, raw))
      .send(raw);
  };
  const drain = () => t.app.get(IntakeProcessor).drain();
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.dataSource.query(sql, params) as Promise<T[]>;
  const messagesByExternalId = (externalId: string) =>
    q<{ id: string; conversation_id: string; text: string; direction: string; edited_at: Date | null; deleted_at: Date | null; delivery_status: string | null }>(
      `SELECT * FROM message WHERE external_id = $1`,
      [externalId],
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    workspaceId = (await seedWorkspace(t.dataSource)).id;
    teamId = (await seedTeam(t.dataSource, workspaceId)).id;
    for (const [platform, externalId] of [
      ['facebook', FB_PAGE],
      ['instagram', IG_ACCOUNT],
      ['whatsapp', WA_PHONE],
      ['x', X_USER],
    ] as const) {
      await seedChannel(t.dataSource, { workspaceId, platform, externalId, defaultTeamId: teamId });
    }
    const events = t.app.get(EventEmitter2);
    for (const name of Object.values(DOMAIN_EVENTS)) events.on(name, (payload: Record<string, string>) => emitted.push({ name, payload }));
  });
  afterAll(() => t.close());

  describe('handshakes', () => {
    it('answers the Meta handshake with the challenge as plain text, 403 on a wrong token', async () => {
      const ok = await request(t.http).get('/webhooks/meta').query({ 'hub.mode': 'subscribe', 'hub.verify_token': TEST_ENV.META_VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(ok.status).toBe(200);
      expect(ok.text).toBe('1158201444');
      expect(ok.headers['content-type']).toMatch(/^text\/plain/);
      await request(t.http).get('/webhooks/meta').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'meatyhamhock', 'hub.challenge': '1' }).expect(403);
    });

    it('answers the X CRC with a base64 HMAC', async () => {
      const res = await request(t.http).get('/webhooks/x').query({ crc_token: 'challenge_string' }).expect(200);
      const { xCrcResponse } = await import('@babillard/connectors');
      expect(res.body).toEqual(xCrcResponse(TEST_ENV.X_CONSUMER_SECRET, 'challenge_string'));
      expect(res.body.response_token).toMatch(/^sha256=[A-Za-z0-9+/]+=*$/);
    });
  });

  describe('signatures and malformed bodies', () => {
    it('401s a missing or wrong signature and stores nothing', async () => {
      const raw = fixtureText('whatsapp-message-text');
      await request(t.http).post('/webhooks/meta').set('Content-Type', 'application/json').send(raw).expect(401);
      await postMeta(raw, signMetaBody('wrong-secret', raw)).expect(401);
      const tampered = raw.replace('another color', 'another colour');
      await postMeta(tampered, signMetaBody(TEST_ENV.META_APP_SECRET, raw)).expect(401);
      const x = fixtureText('x-tweet-create-mention');
      await request(t.http).post('/webhooks/x').set('Content-Type', 'application/json').set('x-twitter-webhooks-signature', signMetaBody(TEST_ENV.X_CONSUMER_SECRET, x)).send(x).expect(401);
      expect(await q(`SELECT 1 FROM ingest_event`)).toHaveLength(0);
      await drain();
      expect(await q(`SELECT 1 FROM message`)).toHaveLength(0);
    });

    it('400s malformed JSON and 413s an oversized body', async () => {
      const bad = '{"object":"page","entry":[';
      const res = await postMeta(bad).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
      const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(6 * 1024 * 1024) });
      await postMeta(huge).expect(413);
    });
  });

  describe('Facebook comments', () => {
    it('stores a comment once however often it is retried, with contact, post and team', async () => {
      const raw = fixtureText('facebook-feed-comment-add');
      for (let i = 0; i < 3; i++) {
        const res = await postMeta(raw).expect(200);
        expect(res.body).toEqual({ accepted: 1, skipped: 0 });
      }
      const before = emitted.length;
      await drain();
      const [m] = await messagesByExternalId('150691160110528_150691260110518');
      expect(await messagesByExternalId('150691160110528_150691260110518')).toHaveLength(1);
      const [conv] = await q<{ kind: string; thread_key: string; team_id: string; post_id: string; contact_id: string; status: string; last_message_text: string }>(
        `SELECT * FROM conversation WHERE id = $1`,
        [m.conversation_id],
      );
      expect(conv).toMatchObject({ kind: 'comment', thread_key: '150691160110528_150691260110518', team_id: teamId, status: 'open', last_message_text: 'xzy' });
      const [post] = await q(`SELECT external_id, permalink FROM post WHERE id = $1`, [conv.post_id]);
      expect(post).toEqual({ external_id: '100473908465587_150691160110528', permalink: 'https://www.facebook.com/bytemv/posts/150691160110528' });
      const identities = await q(`SELECT display_name FROM contact_identity WHERE external_id = '3844961895548656'`);
      expect(identities).toEqual([{ display_name: 'Marie Tremblay' }]);
      const names = emitted.slice(before).map((e) => e.name);
      expect(names.filter((n) => n === DOMAIN_EVENTS.messageCreated)).toHaveLength(1);
      expect(names.filter((n) => n === DOMAIN_EVENTS.conversationCreated)).toHaveLength(1);
      expect(emitted.slice(before).find((e) => e.name === DOMAIN_EVENTS.messageCreated)?.payload).toEqual({
        workspaceId,
        conversationId: m.conversation_id,
        messageId: m.id,
        created: expect.objectContaining({ id: m.id, conversationId: m.conversation_id, text: 'xzy', direction: 'inbound' }),
      });

      await postMeta(raw).expect(200);
      const again = emitted.length;
      await drain();
      expect(emitted.length).toBe(again);
      expect(await q(`SELECT 1 FROM message WHERE external_id = '150691160110528_150691260110518'`)).toHaveLength(1);
    });

    it('threads a reply that arrives before its parent, and the parent joins the same conversation', async () => {
      const reply = fixture<{ entry: { changes: { value: Record<string, unknown> }[] }[] }>('facebook-feed-comment-reply-add');
      const parent = fixture<{ entry: { changes: { value: Record<string, unknown> }[] }[] }>('facebook-feed-comment-add');
      reply.entry[0].changes[0].value.comment_id = '150691160110528_9000000002';
      reply.entry[0].changes[0].value.parent_id = '150691160110528_9000000001';
      parent.entry[0].changes[0].value.comment_id = '150691160110528_9000000001';
      await postMeta(reply).expect(200);
      await drain();
      await postMeta(parent).expect(200);
      await drain();
      const [r] = await messagesByExternalId('150691160110528_9000000002');
      const [p] = await messagesByExternalId('150691160110528_9000000001');
      expect(r.conversation_id).toBe(p.conversation_id);
      expect(await q(`SELECT 1 FROM conversation WHERE thread_key = '150691160110528_9000000001'`)).toHaveLength(1);
    });

    it('applies an edit and a removal to the stored comment, with timeline events', async () => {
      const add = fixture<{ entry: { id: string; changes: { value: Record<string, unknown> }[] }[] }>('facebook-feed-comment-add');
      add.entry[0].changes[0].value.comment_id = '150691160110528_7000000001';
      await postMeta(add).expect(200);
      const edited = fixture<{ entry: { id: string; changes: { value: Record<string, unknown> }[] }[] }>('facebook-feed-comment-edited');
      edited.entry[0].id = FB_PAGE;
      edited.entry[0].changes[0].value.comment_id = '150691160110528_7000000001';
      await postMeta(edited).expect(200);
      await postMeta(edited).expect(200);
      await drain();
      const [m] = await messagesByExternalId('150691160110528_7000000001');
      expect(m.text).toBe('Great');
      expect(m.edited_at).not.toBeNull();
      const edits = await q<{ data: { previousText: string } }>(`SELECT data FROM conversation_event WHERE conversation_id = $1 AND type = 'message.edited'`, [m.conversation_id]);
      expect(edits).toHaveLength(1);
      expect(edits[0].data.previousText).toBe('xzy');

      const removed = fixture<{ entry: { id: string; changes: { value: Record<string, unknown> }[] }[] }>('facebook-feed-comment-remove');
      removed.entry[0].id = FB_PAGE;
      removed.entry[0].changes[0].value.comment_id = '150691160110528_7000000001';
      await postMeta(removed).expect(200);
      await drain();
      const [gone] = await messagesByExternalId('150691160110528_7000000001');
      expect(gone.deleted_at).not.toBeNull();
      expect(await q(`SELECT 1 FROM conversation_event WHERE conversation_id = $1 AND type = 'message.deleted'`, [m.conversation_id])).toHaveLength(1);
    });

    it('does not store our own public reply as a customer message', async () => {
      const echo = fixture<{ entry: { id: string; changes: { value: { from: { id: string } } }[] }[] }>('facebook-feed-comment-by-page-echo');
      echo.entry[0].id = FB_PAGE;
      echo.entry[0].changes[0].value.from.id = FB_PAGE;
      await postMeta(echo).expect(200);
      await drain();
      expect(await messagesByExternalId('139560936755999_140077616693321')).toHaveLength(0);
    });
  });

  it('takes every entry and change of a batch across pages and objects', async () => {
    const wa = fixture<{ entry: { changes: { value: { messages: { id: string; from: string }[]; contacts: { wa_id: string }[] } }[] }[] }>('whatsapp-message-text');
    const value = wa.entry[0].changes[0].value;
    const template = value.messages[0];
    value.messages = Array.from({ length: 40 }, (_, i) => ({ ...template, id: `wamid.batch.${i}`, from: `1514555${String(i % 10).padStart(4, '0')}` }));
    wa.entry.push({ ...wa.entry[0], changes: [{ ...wa.entry[0].changes[0], value: { ...value, messages: [{ ...template, id: 'wamid.batch.second-entry' }] } }] });
    const res = await postMeta(wa).expect(200);
    expect(res.body.accepted).toBe(41);
    await drain();
    expect(await q(`SELECT 1 FROM message WHERE external_id LIKE 'wamid.batch.%'`)).toHaveLength(41);
    // ten customers in the first entry + one in the second → eleven DM conversations, one identity each
    const convs = await q<{ n: string }>(`SELECT count(DISTINCT conversation_id) AS n FROM message WHERE external_id LIKE 'wamid.batch.%'`);
    expect(Number(convs[0].n)).toBe(11);
    expect(await q(`SELECT 1 FROM contact_identity WHERE external_id LIKE '1514555%'`)).toHaveLength(10);
  });

  it('acknowledges, skips and counts an entry for an unknown page', async () => {
    const unknown = fixture<{ entry: { id: string }[] }>('facebook-messenger-text');
    unknown.entry[0].id = '999999999';
    const res = await postMeta(unknown).expect(200);
    expect(res.body).toEqual({ accepted: 0, skipped: 1 });
    const admin = await seedUser(t.dataSource, { instanceAdmin: true });
    const agent = await seedUser(t.dataSource, { workspaceId });
    const { TEST_PASSWORD } = await import('../../testing/seed');
    const token = await login(t.http, admin.email, TEST_PASSWORD);
    const stats = await request(t.http).get('/api/v1/ingestion/stats').set('Authorization', `Bearer ${token}`).expect(200);
    expect(stats.body.skipped).toContainEqual(expect.objectContaining({ platform: 'meta', reason: 'unknown_channel', count: 1, lastDetail: 'facebook:999999999' }));
    const agentToken = await login(t.http, agent.email, TEST_PASSWORD);
    await request(t.http).get('/api/v1/ingestion/stats').set('Authorization', `Bearer ${agentToken}`).expect(403);
  });

  it('normalises the rest of a batch when one intake row cannot be applied, and keeps the bad row for retry', async () => {
    const [ch] = await q<{ id: string }>(`SELECT id FROM channel WHERE external_id = $1`, [WA_PHONE]);
    await q(`INSERT INTO ingest_event (channel_id, event) VALUES ($1, $2::jsonb)`, [
      ch.id,
      JSON.stringify({ type: 'message', platform: 'whatsapp', kind: 'dm', channelExternalId: WA_PHONE, externalId: 'wamid.poison', threadKey: 'x', occurredAt: 'not a date', author: { externalId: '1' }, text: 'x', attachments: [] }),
    ]);
    const good = fixture<{ entry: { changes: { value: { messages: { id: string }[] } }[] }[] }>('whatsapp-message-text');
    good.entry[0].changes[0].value.messages[0].id = 'wamid.after-poison';
    await postMeta(good).expect(200);
    await drain();
    expect(await messagesByExternalId('wamid.after-poison')).toHaveLength(1);
    const [bad] = await q<{ attempts: number; last_error: string; not_before: Date }>(`SELECT attempts, last_error, not_before FROM ingest_event WHERE event->>'externalId' = 'wamid.poison'`);
    expect(bad.attempts).toBe(1);
    expect(bad.not_before.getTime()).toBeGreaterThan(Date.now());
    await q(`DELETE FROM ingest_event WHERE event->>'externalId' = 'wamid.poison'`);
  });

  describe('DMs, echoes and receipts', () => {
    it('keeps one conversation per customer per channel and reopens a resolved one', async () => {
      const dm = fixture<{ entry: { id: string; messaging: { message: { mid: string; text: string } }[] }[] }>('instagram-dm-text');
      dm.entry[0].id = IG_ACCOUNT;
      await postMeta(dm).expect(200);
      await drain();
      const [first] = await messagesByExternalId(dm.entry[0].messaging[0].message.mid);
      await q(`UPDATE conversation SET status = 'resolved', resolved_at = now(), waiting_since = NULL WHERE id = $1`, [first.conversation_id]);
      dm.entry[0].messaging[0].message.mid = 'ig-mid-second';
      dm.entry[0].messaging[0].message.text = 'Allô, vous êtes là?';
      await postMeta(dm).expect(200);
      await drain();
      const [second] = await messagesByExternalId('ig-mid-second');
      expect(second.conversation_id).toBe(first.conversation_id);
      const [conv] = await q<{ status: string; resolved_at: Date | null; waiting_since: Date | null }>(`SELECT * FROM conversation WHERE id = $1`, [first.conversation_id]);
      expect(conv.status).toBe('open');
      expect(conv.resolved_at).toBeNull();
      expect(conv.waiting_since).not.toBeNull();
      expect(await q(`SELECT 1 FROM conversation_event WHERE conversation_id = $1 AND type = 'status.changed'`, [first.conversation_id])).toHaveLength(1);
    });

    it('moves outbound delivery state forward only, whatever order receipts arrive in', async () => {
      const [conv] = await q<{ id: string }>(`SELECT id FROM conversation WHERE platform = 'whatsapp' LIMIT 1`);
      const [ch] = await q<{ id: string }>(`SELECT id FROM channel WHERE external_id = $1`, [WA_PHONE]);
      const wamid = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA';
      await q(
        `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, text, delivery_status, created_at) VALUES ($1, $2, $3, 'outbound', $4, 'Bonjour!', 'pending', now())`,
        [workspaceId, conv.id, ch.id, wamid],
      );
      const status = (s: string, ts: string) => {
        const body = fixture<{ entry: { changes: { value: { statuses: { status: string; timestamp: string }[] } }[] }[] }>('whatsapp-status-delivered');
        Object.assign(body.entry[0].changes[0].value.statuses[0], { status: s, timestamp: ts });
        return body;
      };
      await postMeta(status('read', '1750263780')).expect(200);
      await postMeta(status('delivered', '1750263773')).expect(200);
      await postMeta(status('sent', '1750263770')).expect(200);
      await drain();
      const [m] = await messagesByExternalId(wamid);
      expect(m.delivery_status).toBe('read');
      expect(m.direction).toBe('outbound');
      expect(await q(`SELECT 1 FROM message WHERE external_id = $1`, [wamid])).toHaveLength(1);
    });

    it('marks our echoed DM as sent and never stores it as inbound', async () => {
      const echo = fixture<{ entry: { id: string; messaging: { sender: { id: string }; recipient: { id: string }; message: { mid: string } }[] }[] }>('instagram-dm-echo');
      echo.entry[0].id = IG_ACCOUNT;
      echo.entry[0].messaging[0].sender.id = IG_ACCOUNT;
      const mid = echo.entry[0].messaging[0].message.mid;
      const [conv] = await q<{ id: string; channel_id: string }>(`SELECT id, channel_id FROM conversation WHERE platform = 'instagram' AND kind = 'dm' LIMIT 1`);
      await q(
        `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, external_id, text, delivery_status, created_at) VALUES ($1, $2, $3, 'outbound', $4, 'Olá', 'pending', now())`,
        [workspaceId, conv.id, conv.channel_id, mid],
      );
      await postMeta(echo).expect(200);
      await drain();
      const rows = await messagesByExternalId(mid);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ direction: 'outbound', delivery_status: 'sent' });
    });
  });

  describe('X', () => {
    it('stores a mention and threads an out-of-order reply chain into it', async () => {
      const mention = fixture<{ tweet_create_events: Record<string, unknown>[] }>('x-tweet-create-mention');
      const reply = fixture<{ tweet_create_events: Record<string, unknown>[] }>('x-tweet-create-reply');
      reply.tweet_create_events[0].in_reply_to_status_id_str = '1924465506158878979';
      const deeper = fixture<{ tweet_create_events: Record<string, unknown>[] }>('x-tweet-create-reply');
      Object.assign(deeper.tweet_create_events[0], { id_str: '1924467377435963999', in_reply_to_status_id_str: '1924467377435963392' });
      await postX(deeper).expect(200);
      await postX(reply).expect(200);
      await drain();
      await postX(mention).expect(200);
      await drain();
      const ids = ['1924465506158878979', '1924467377435963392', '1924467377435963999'];
      const rows = await q<{ conversation_id: string }>(`SELECT conversation_id FROM message WHERE external_id = ANY($1)`, [ids]);
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);
      const [conv] = await q<{ kind: string; thread_key: string }>(`SELECT kind, thread_key FROM conversation WHERE id = $1`, [rows[0].conversation_id]);
      expect(conv).toEqual({ kind: 'mention', thread_key: '1924465506158878979' });
      const [identity] = await q(`SELECT handle, followers_count, verified FROM contact_identity WHERE external_id = '3001969357' AND platform = 'x'`);
      expect(identity).toEqual({ handle: 'jgagnon_qc', followers_count: 22, verified: false });
    });

    it('stores a DM, ignores our own DM, and marks the channel on revoke', async () => {
      const dm = fixture<{ for_user_id: string }>('x-dm-message-create');
      dm.for_user_id = X_USER;
      await postX(dm).expect(200);
      const own = fixture<{ for_user_id: string; direct_message_events: { message_create: { sender_id: string } }[] }>('x-dm-own-echo');
      own.for_user_id = X_USER;
      own.direct_message_events[0].message_create.sender_id = X_USER;
      await postX(own).expect(200);
      await drain();
      expect(await messagesByExternalId('954491830116155396')).toHaveLength(1);
      expect(await messagesByExternalId('954492000000000001')).toHaveLength(0);

      const revoke = fixture<{ user_event: { revoke: { source: { user_id: string } } } }>('x-user-revoke');
      revoke.user_event.revoke.source.user_id = X_USER;
      await postX(revoke).expect(200);
      await drain();
      const channel = await t.app.get(ChannelsService).findByExternalId('x', X_USER);
      expect(channel?.status).toBe('needs_reconnect');
    });
  });

  describe('generic api channel', () => {
    it('accepts events signed with the channel secret and rejects others', async () => {
      const secret = 'api-channel-secret-123456';
      const channel = await seedChannel(t.dataSource, { workspaceId, platform: 'api', externalId: 'reviews', secret });
      const body = JSON.stringify({
        events: [{ id: 'rev-1', kind: 'comment', author: { id: 'u-1', name: 'Gab', followers: 3 }, text: 'Service impeccable, merci!', createdAt: '2026-11-25T10:00:00Z' }],
      });
      const url = `/webhooks/api/${channel.id}`;
      const send = (raw: string, sig: string) => request(t.http).post(url).set('Content-Type', 'application/json').set('X-Babillard-Signature', sig).send(raw);
      await send(body, signApiChannelBody('nope', body)).expect(401);
      const bad = JSON.stringify({ events: [{ id: 'rev-2', kind: 'review' }] });
      const res400 = await send(bad, signApiChannelBody(secret, bad)).expect(400);
      expect(res400.body.message).toMatch(/events\.0\.kind/);
      await send(body, signApiChannelBody(secret, body)).expect(200);
      await send(body, signApiChannelBody(secret, body)).expect(200);
      await drain();
      const rows = await messagesByExternalId('rev-1');
      expect(rows).toHaveLength(1);
      await request(t.http).post('/webhooks/api/8f0c2a4e-1111-4222-8333-944455556666').set('Content-Type', 'application/json').send(body).expect(404);
    });

    it('times the webhook’s store, then its batch’s claim, apply and commit, on the stage channel while someone listens', async () => {
      const secret = 'api-channel-secret-stages-1';
      const channel = await seedChannel(t.dataSource, { workspaceId, platform: 'api', externalId: 'stages', secret });
      const body = JSON.stringify({
        events: ['st-1', 'st-2'].map((id) => ({ id, kind: 'dm', author: { id: 'u-st' }, text: `colis ${id}`, createdAt: '2026-11-25T10:00:00Z' })),
      });
      const laps: StageTiming[] = [];
      const listener = (m: unknown) => laps.push(m as StageTiming);
      subscribe(STAGE_CHANNEL, listener);
      try {
        await request(t.http).post(`/webhooks/api/${channel.id}`).set('Content-Type', 'application/json').set('X-Babillard-Signature', signApiChannelBody(secret, body)).send(body).expect(200);
        await drain();
      } finally {
        unsubscribe(STAGE_CHANNEL, listener);
      }
      expect(await messagesByExternalId('st-2')).toHaveLength(1);
      // The webhook's two rows stored together, then the batch that took both, its three steps in
      // order (the stored rows may also have woken a loop on their own; an empty claim may follow).
      const batch = laps.filter((l) => l.stage.startsWith('intake.') && l.size === 2);
      expect(batch.map((l) => l.stage)).toEqual(['intake.store', 'intake.claim', 'intake.apply', 'intake.commit']);
      for (const l of batch) expect(l.ms).toBeGreaterThanOrEqual(0);
    });

    it('checks each store against the secret the channel holds now: rotation and deletion take effect at once despite the cached key', async () => {
      const channel = await seedChannel(t.dataSource, { workspaceId, platform: 'api', externalId: 'forms', secret: 'first-secret-0123456789' });
      const url = `/webhooks/api/${channel.id}`;
      const bodyOf = (id: string) =>
        JSON.stringify({ events: [{ id, kind: 'dm', author: { id: 'u-9', name: 'Léa' }, text: 'Ma commande 4411 est en retard', createdAt: '2026-11-25T10:00:00Z' }] });
      const send = (raw: string, secret: string) =>
        request(t.http).post(url).set('Content-Type', 'application/json').set('X-Babillard-Signature', signApiChannelBody(secret, raw)).send(raw);
      const intakeAndMessages = async (id: string) =>
        (await t.dataSource.query(`SELECT 1 FROM ingest_event WHERE event->>'externalId' = $1`, [id])).length + (await messagesByExternalId(id)).length;

      await send(bodyOf('form-1'), 'first-secret-0123456789').expect(200); // the key is cached from here on

      // Rotated as another process would: this process's cached key is not told.
      const encrypted = new TokenCipher(TEST_ENV.ENCRYPTION_KEY).encrypt('second-secret-0123456789');
      await t.dataSource.query(`UPDATE channel SET secret_encrypted = $2 WHERE id = $1`, [channel.id, encrypted]);
      const stale = await send(bodyOf('form-2'), 'first-secret-0123456789').expect(401);
      expect(stale.body.message).toMatch(/X-Babillard-Signature/);
      await drain();
      expect(await intakeAndMessages('form-2')).toBe(0);

      await send(bodyOf('form-3'), 'second-secret-0123456789').expect(200);
      await drain();
      expect(await messagesByExternalId('form-3')).toHaveLength(1);

      await t.dataSource.query(`DELETE FROM channel WHERE id = $1`, [channel.id]);
      await send(bodyOf('form-4'), 'second-secret-0123456789').expect(404);
      expect(await intakeAndMessages('form-4')).toBe(0);
    });
  });

  it('answers 503 while the database is unreachable, stores nothing, and the retry is stored once', async () => {
    const other = await createTestApp({ env: { RUN_WORKERS: 'false' } });
    try {
      const ws = await seedWorkspace(other.dataSource);
      await seedChannel(other.dataSource, { workspaceId: ws.id, platform: 'whatsapp', externalId: WA_PHONE });
      const raw = fixtureText('whatsapp-message-text');
      const sign = signMetaBody(TEST_ENV.META_APP_SECRET, raw);
      const send = () => request(other.http).post('/webhooks/meta').set('Content-Type', 'application/json').set('X-Hub-Signature-256', sign).send(raw);
      // warm the channel cache so the failure is the intake insert itself
      await send().expect(200);
      await other.dataSource.query(`DELETE FROM ingest_event`);
      const dbName = new URL(other.databaseUrl).pathname.slice(1);
      const admin = t.dataSource;
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
      // Not the LISTEN sessions: socket.io's postgres adapter holds one without an error listener,
      // and its crash is not what this test is about (reported to the realtime owner).
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query NOT ILIKE 'LISTEN%'`, [dbName]);
      const down = await send();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/storage/) });
      await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
      let retried = await send();
      for (let i = 0; i < 20 && retried.status !== 200; i++) retried = await send();
      expect(retried.status).toBe(200);
      await other.app.get(IntakeProcessor).drain();
      const rows = await other.dataSource.query(`SELECT 1 FROM message WHERE external_id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA='`);
      expect(rows).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
