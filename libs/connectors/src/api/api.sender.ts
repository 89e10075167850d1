import type { OutboundReply, OutboundSender, SendContext, SendResult } from '../connector';
import { asRecord, asString, requestJson } from '../outbound-http';
import { signApiChannelBody } from './api-signature';

/**
 * The generic channel: a signed POST to the channel's outbound URL. Receivers deduplicate on
 * `Idempotency-Key`, so a send whose outcome is unknown may simply be sent again.
 */
export class ApiChannelSender implements OutboundSender {
  readonly idempotent = true;

  async send(reply: OutboundReply, ctx: SendContext): Promise<SendResult> {
    const { outboundUrl, secret } = reply.channel;
    if (!outboundUrl) return { ok: false, kind: 'permanent', code: 'no_outbound_url', message: 'the channel has no outbound URL' };
    if (!secret) return { ok: false, kind: 'permanent', code: 'no_secret', message: 'the channel has no signing secret' };
    const raw = JSON.stringify({
      id: reply.messageId ?? reply.idempotencyKey,
      kind: reply.kind,
      recipientId: reply.recipientExternalId,
      inReplyTo: reply.inReplyToExternalId,
      text: reply.text,
      attachments: reply.attachments,
    });
    const outcome = await requestJson({
      method: 'POST',
      url: outboundUrl,
      headers: { 'x-babillard-signature': signApiChannelBody(secret, raw), 'idempotency-key': reply.idempotencyKey },
      body: raw,
      timeoutMs: ctx.timeoutMs,
    });
    if (outcome.kind === 'network') return { ok: false, kind: 'retryable', message: `network error: ${outcome.message}` };
    const body = asRecord(outcome.body);
    if (outcome.status >= 200 && outcome.status < 300) return { ok: true, externalId: asString(body.id) ?? reply.messageId ?? reply.idempotencyKey };
    const message = asString(body.message) ?? asString(body.error) ?? `HTTP ${outcome.status}`;
    if (outcome.status === 429) {
      const seconds = Number(outcome.headers.get('retry-after'));
      return { ok: false, kind: 'rate_limited', retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined, code: '429', message };
    }
    if (outcome.status >= 500) return { ok: false, kind: 'retryable', code: String(outcome.status), message };
    return { ok: false, kind: 'permanent', code: String(outcome.status), message };
  }
}
