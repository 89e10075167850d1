import { fixture } from '../testing/fixtures';
import type { OutboundReply } from '../connector';
import { classifyGraphOutcome, graphCallFor, graphRegainAccessMs } from './meta.sender';

type GraphErrors = Record<string, { error: Record<string, unknown> }>;
const errors = fixture<GraphErrors>('meta-graph-errors');
const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ kind: 'response' as const, status, body, headers: new Headers(headers) });
const id = (b: Record<string, unknown>) => (typeof b.id === 'string' ? b.id : null);

describe('classifyGraphOutcome (fixtures: meta-graph-errors.json)', () => {
  it.each(['app_rate_limit_4', 'user_rate_limit_17', 'page_rate_limit_32', 'custom_rate_limit_613', 'page_buc_80001'])('%s is a rate limit, not a failure', (name) => {
    expect(classifyGraphOutcome(response(400, errors[name]), id)).toMatchObject({ ok: false, kind: 'rate_limited' });
  });

  it('190 is a revoked token', () => {
    expect(classifyGraphOutcome(response(400, errors.token_expired_190_463), id)).toMatchObject({ ok: false, kind: 'auth', code: '190/463' });
  });

  it('outside the window and unavailable person are permanent, with the platform reason', () => {
    expect(classifyGraphOutcome(response(400, errors.messenger_outside_window_10_2018278), id)).toEqual({
      ok: false,
      kind: 'permanent',
      code: '10/2018278',
      message: (errors.messenger_outside_window_10_2018278.error as { message: string }).message,
    });
    expect(classifyGraphOutcome(response(400, errors.messenger_user_unavailable_551), id)).toMatchObject({ kind: 'permanent', code: '551/1545041' });
  });

  it('WhatsApp 131047 (window closed) is permanent, 130429 a rate limit', () => {
    const wa = fixture<Record<string, { error: unknown }>>('whatsapp-send-text');
    expect(classifyGraphOutcome(response(400, wa.error_400_window_closed), id)).toMatchObject({ kind: 'permanent', code: '131047' });
    expect(classifyGraphOutcome(response(400, wa.error_rate_limit_130429), id)).toMatchObject({ kind: 'rate_limited' });
  });

  it('5xx and network errors are retryable; success carries the id', () => {
    expect(classifyGraphOutcome(response(502, 'Bad Gateway'), id)).toMatchObject({ kind: 'retryable' });
    expect(classifyGraphOutcome({ kind: 'network', message: 'ECONNRESET' }, id)).toMatchObject({ kind: 'retryable' });
    expect(classifyGraphOutcome(response(200, { id: '150691160110528_150691400000001' }), id)).toEqual({ ok: true, externalId: '150691160110528_150691400000001' });
  });

  it('waits as long as X-Business-Use-Case-Usage says', () => {
    const headers = new Headers({ 'x-business-use-case-usage': JSON.stringify({ '1375': [{ type: 'pages', estimated_time_to_regain_access: 7 }] }) });
    expect(graphRegainAccessMs(headers)).toBe(7 * 60_000);
    expect(graphRegainAccessMs(new Headers({ 'x-business-use-case-usage': '{"1":[{"estimated_time_to_regain_access":0}]}' }))).toBeNull();
    expect(classifyGraphOutcome(response(400, errors.page_buc_80001, { 'x-business-use-case-usage': headers.get('x-business-use-case-usage')! }), id)).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 420_000,
    });
  });
});

describe('graphCallFor', () => {
  const base: OutboundReply = {
    platform: 'facebook',
    kind: 'dm',
    channel: { externalId: '100473908465587', accessToken: 't', humanAgentTag: false },
    inReplyToExternalId: null,
    recipientExternalId: '6780462125377510',
    text: 'hello, world',
    attachments: [],
    idempotencyKey: 'k',
    lastInboundAt: new Date('2026-11-25T10:00:00Z'),
  };
  const now = new Date('2026-11-25T12:00:00Z');

  it('matches the Send API fixture inside 24 h', () => {
    const request = fixture<{ within_24h: Record<string, unknown> }>('facebook-sendapi-request');
    const call = graphCallFor(base, now);
    expect(call.path).toBe('me/messages');
    const { message, ...rest } = request.within_24h;
    expect(call.body).toMatchObject(rest);
    expect((call.body.message as { text: string }).text).toBe((message as { text: string }).text);
  });

  it('uses the HUMAN_AGENT tag after 24 h only when the page may', () => {
    const late = { ...base, lastInboundAt: new Date('2026-11-22T12:00:00Z') };
    expect(graphCallFor(late, now).body.messaging_type).toBe('RESPONSE');
    expect(graphCallFor({ ...late, channel: { ...late.channel, humanAgentTag: true } }, now).body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('reads the WhatsApp message id from the documented response', () => {
    const wa = fixture<{ response_200: Record<string, unknown> }>('whatsapp-send-text');
    const call = graphCallFor({ ...base, platform: 'whatsapp', channel: { ...base.channel, externalId: '106540352242922' }, recipientExternalId: '16505551234' }, now);
    expect(call.path).toBe('106540352242922/messages');
    expect(call.idOf(wa.response_200)).toBe('wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA');
  });
});
