import type { OutboundReply, OutboundSender, SendContext, SendResult } from '../connector';
import { asRecord, asString, type HttpOutcome, joinUrl, requestJson } from '../outbound-http';

/** Turns an X API v2 answer into what delivery does next. */
export function classifyXOutcome(outcome: HttpOutcome, idOf: (data: Record<string, unknown>) => string | null, now = Date.now()): SendResult {
  if (outcome.kind === 'network') return { ok: false, kind: 'retryable', message: `network error: ${outcome.message}` };
  const body = asRecord(outcome.body);
  if (outcome.status >= 200 && outcome.status < 300) {
    const id = idOf(asRecord(body.data));
    return id ? { ok: true, externalId: id } : { ok: false, kind: 'retryable', message: 'X answered without an id' };
  }
  const message = asString(body.detail) ?? asString(body.title) ?? `HTTP ${outcome.status}`;
  const type = asString(body.type) ?? '';
  if (outcome.status === 429) {
    // A spend cap does not lift by waiting a few minutes.
    if (type.endsWith('/usage-capped')) return { ok: false, kind: 'permanent', code: 'usage-capped', message };
    const reset = Number(outcome.headers.get('x-rate-limit-reset'));
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - now) : undefined;
    return { ok: false, kind: 'rate_limited', retryAfterMs, code: '429', message };
  }
  if (outcome.status === 401) return { ok: false, kind: 'auth', code: '401', message };
  if (outcome.status >= 500) return { ok: false, kind: 'retryable', code: String(outcome.status), message };
  return { ok: false, kind: 'permanent', code: String(outcome.status), message };
}

/** X API v2: reply tweets and DMs. */
export class XSender implements OutboundSender {
  async send(reply: OutboundReply, ctx: SendContext): Promise<SendResult> {
    if (!reply.channel.accessToken) return { ok: false, kind: 'auth', code: 'no_token', message: 'the channel has no access token' };
    const dm = reply.kind === 'dm';
    const outcome = await requestJson({
      method: 'POST',
      url: joinUrl(ctx.endpoints.xApiUrl, dm ? `2/dm_conversations/with/${reply.recipientExternalId}/messages` : '2/tweets'),
      headers: { authorization: `Bearer ${reply.channel.accessToken}` },
      body: dm ? { text: reply.text } : { text: reply.text, reply: { in_reply_to_tweet_id: reply.inReplyToExternalId } },
      timeoutMs: ctx.timeoutMs,
    });
    return classifyXOutcome(outcome, (d) => asString(dm ? d.dm_event_id : d.id));
  }

  /** Reads our recent tweets or the DM thread back to see whether a reply already went out. */
  async findSent(reply: OutboundReply, ctx: SendContext): Promise<string | null | undefined> {
    if (!reply.channel.accessToken) return undefined;
    const dm = reply.kind === 'dm';
    const path = dm
      ? `2/dm_conversations/with/${reply.recipientExternalId}/dm_events?max_results=100`
      : `2/users/${reply.channel.externalId}/tweets?max_results=100&tweet.fields=referenced_tweets`;
    const outcome = await requestJson({
      method: 'GET',
      url: joinUrl(ctx.endpoints.xApiUrl, path),
      headers: { authorization: `Bearer ${reply.channel.accessToken}` },
      timeoutMs: ctx.timeoutMs,
    });
    if (outcome.kind !== 'response' || outcome.status !== 200) throw new Error('could not read our recent posts back from X');
    const items = asRecord(outcome.body).data;
    for (const item of Array.isArray(items) ? items : []) {
      const r = asRecord(item);
      if (asString(r.text) !== reply.text) continue;
      if (dm && asString(r.sender_id) === reply.channel.externalId) return asString(r.id);
      const refs = Array.isArray(r.referenced_tweets) ? r.referenced_tweets.map(asRecord) : [];
      if (!dm && refs.some((t) => t.type === 'replied_to' && asString(t.id) === reply.inReplyToExternalId)) return asString(r.id);
    }
    return null;
  }
}
