import { fixture } from '../testing/fixtures';
import { classifyXOutcome } from './x.sender';

const x = fixture<Record<string, { status?: number; headers?: Record<string, string>; body?: unknown; response_201?: { data: Record<string, unknown> } }>>('x-outbound-requests');
const response = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ kind: 'response' as const, status, body, headers: new Headers(headers) });

describe('classifyXOutcome (fixture: x-outbound-requests.json)', () => {
  it('reads the tweet id and the DM event id from 201 bodies', () => {
    expect(classifyXOutcome(response(201, x.reply_tweet.response_201), (d) => d.id as string)).toEqual({ ok: true, externalId: '1924466000000000000' });
    expect(classifyXOutcome(response(201, x.send_dm.response_201), (d) => d.dm_event_id as string)).toEqual({ ok: true, externalId: '1582103724607971332' });
  });

  it('429 waits until x-rate-limit-reset', () => {
    const now = 1705420800 * 1000 - 90_000;
    const result = classifyXOutcome(response(429, x.rate_limited_429.body, x.rate_limited_429.headers), () => null, now);
    expect(result).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterMs: 90_000 });
  });

  it('a usage cap is permanent', () => {
    expect(classifyXOutcome(response(429, x.usage_capped_429.body), () => null)).toMatchObject({ kind: 'permanent', code: 'usage-capped' });
  });

  it('401 is a revoked token, 5xx retryable, 403 permanent', () => {
    expect(classifyXOutcome(response(401, { title: 'Unauthorized' }), () => null)).toMatchObject({ kind: 'auth' });
    expect(classifyXOutcome(response(503, {}), () => null)).toMatchObject({ kind: 'retryable' });
    expect(classifyXOutcome(response(403, { detail: 'You are not permitted to reply to this conversation.' }), () => null)).toMatchObject({
      kind: 'permanent',
      message: 'You are not permitted to reply to this conversation.',
    });
  });
});
