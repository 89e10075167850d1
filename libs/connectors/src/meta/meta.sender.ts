import type { OutboundReply, OutboundSender, SendContext, SendResult } from '../connector';
import { asRecord, asString, type HttpOutcome, joinUrl, requestJson } from '../outbound-http';

/** Graph throttling codes (app, user, page, custom, business use case) and WhatsApp's. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80006, 130429, 131056]);
/** Invalid or expired token, invalid session. */
const AUTH_CODES = new Set([190, 102]);
const DAY = 24 * 3_600_000;

/**
 * `X-Business-Use-Case-Usage` is the only place Graph says how long to wait
 * (`estimated_time_to_regain_access`, minutes). Null when it says nothing useful.
 */
export function graphRegainAccessMs(headers: Headers): number | null {
  const raw = headers.get('x-business-use-case-usage');
  if (!raw) return null;
  try {
    const usage = JSON.parse(raw) as Record<string, { estimated_time_to_regain_access?: number }[]>;
    const minutes = Object.values(usage)
      .flat()
      .map((u) => Number(u?.estimated_time_to_regain_access ?? 0));
    const max = Math.max(0, ...minutes.filter(Number.isFinite));
    return max > 0 ? max * 60_000 : null;
  } catch {
    return null;
  }
}

/** Turns a Graph API answer into what delivery does next. */
export function classifyGraphOutcome(outcome: HttpOutcome, idOf: (body: Record<string, unknown>) => string | null): SendResult {
  if (outcome.kind === 'network') return { ok: false, kind: 'retryable', message: `network error: ${outcome.message}` };
  const body = asRecord(outcome.body);
  if (outcome.status >= 200 && outcome.status < 300) {
    const id = idOf(body);
    return id ? { ok: true, externalId: id } : { ok: false, kind: 'retryable', message: 'the platform answered without a message id' };
  }
  const error = asRecord(body.error);
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  const message = asString(error.message) ?? `HTTP ${outcome.status}`;
  const codeText = Number.isFinite(code) ? String(code) + (error.error_subcode ? `/${String(error.error_subcode)}` : '') : String(outcome.status);
  if (RATE_LIMIT_CODES.has(code) || outcome.status === 429) {
    return { ok: false, kind: 'rate_limited', retryAfterMs: graphRegainAccessMs(outcome.headers) ?? undefined, code: codeText, message };
  }
  if (AUTH_CODES.has(code)) return { ok: false, kind: 'auth', code: codeText, message };
  if (outcome.status >= 500 || error.is_transient === true || code === 1 || code === 2) {
    return { ok: false, kind: 'retryable', code: codeText, message };
  }
  return { ok: false, kind: 'permanent', code: codeText, message };
}

interface GraphCall {
  path: string;
  body: Record<string, unknown>;
  idOf: (body: Record<string, unknown>) => string | null;
}

const idField = (b: Record<string, unknown>) => asString(b.id);

/** Which Graph call answers which thread (fixtures: *-request*.json, *outbound*.json, whatsapp-send-text.json). */
export function graphCallFor(reply: OutboundReply, now = new Date()): GraphCall {
  const target = reply.inReplyToExternalId;
  if (reply.platform === 'whatsapp') {
    return {
      path: `${reply.channel.externalId}/messages`,
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: reply.recipientExternalId,
        type: 'text',
        text: { preview_url: false, body: reply.text },
      },
      idOf: (b) => asString(asRecord(Array.isArray(b.messages) ? b.messages[0] : null).id),
    };
  }
  if (reply.kind === 'dm') {
    const withinDay = reply.lastInboundAt !== null && now.getTime() - reply.lastInboundAt.getTime() < DAY;
    const tagged = !withinDay && reply.channel.humanAgentTag === true;
    return {
      path: 'me/messages',
      body: {
        recipient: { id: reply.recipientExternalId },
        messaging_type: tagged ? 'MESSAGE_TAG' : 'RESPONSE',
        ...(tagged ? { tag: 'HUMAN_AGENT' } : {}),
        // The echo carries the metadata back, so ingestion can recognise our own message.
        message: { text: reply.text, ...(reply.messageId ? { metadata: `babillard:${reply.messageId}` } : {}) },
      },
      idOf: (b) => asString(b.message_id),
    };
  }
  if (reply.platform === 'instagram' && reply.kind === 'mention') {
    return {
      path: `${reply.channel.externalId}/mentions`,
      body: { media_id: reply.postExternalId, comment_id: target, message: reply.text },
      idOf: idField,
    };
  }
  if (reply.platform === 'instagram') return { path: `${target}/replies`, body: { message: reply.text }, idOf: idField };
  return { path: `${target}/comments`, body: { message: reply.text }, idOf: idField };
}

/** Facebook Page, Messenger, Instagram and WhatsApp Cloud API: all Graph API calls. */
export class MetaSender implements OutboundSender {
  async send(reply: OutboundReply, ctx: SendContext): Promise<SendResult> {
    if (!reply.channel.accessToken) return { ok: false, kind: 'auth', code: 'no_token', message: 'the channel has no access token' };
    const call = graphCallFor(reply);
    const outcome = await requestJson({
      method: 'POST',
      url: joinUrl(ctx.endpoints.metaGraphUrl, call.path),
      headers: { authorization: `Bearer ${reply.channel.accessToken}` },
      body: call.body,
      timeoutMs: ctx.timeoutMs,
    });
    return classifyGraphOutcome(outcome, call.idOf);
  }

  /** Public comment replies can be read back; DMs and WhatsApp messages cannot. */
  async findSent(reply: OutboundReply, ctx: SendContext): Promise<string | null | undefined> {
    const edge = reply.kind === 'dm' || reply.platform === 'whatsapp' || reply.kind === 'mention' ? null : reply.platform === 'instagram' ? 'replies' : 'comments';
    if (!edge || !reply.inReplyToExternalId || !reply.channel.accessToken) return undefined;
    const fields = reply.platform === 'instagram' ? 'id,text,from' : 'id,message,from';
    const outcome = await requestJson({
      method: 'GET',
      url: `${joinUrl(ctx.endpoints.metaGraphUrl, `${reply.inReplyToExternalId}/${edge}`)}?fields=${fields}&limit=100`,
      headers: { authorization: `Bearer ${reply.channel.accessToken}` },
      timeoutMs: ctx.timeoutMs,
    });
    if (outcome.kind !== 'response' || outcome.status !== 200) throw new Error('could not read the thread back from Graph API');
    const items = asRecord(outcome.body).data;
    for (const item of Array.isArray(items) ? items : []) {
      const r = asRecord(item);
      const text = asString(r.message) ?? asString(r.text);
      if (asString(asRecord(r.from).id) === reply.channel.externalId && text === reply.text) return asString(r.id);
    }
    return null;
  }
}
