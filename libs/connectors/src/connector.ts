import type { Attachment, ConversationKind, Platform } from '@babillard/contracts';

/** Who wrote an inbound message, as far as the payload tells. */
export interface InboundAuthor {
  externalId: string;
  name?: string | null;
  handle?: string | null;
  followers?: number | null;
  verified?: boolean | null;
}

interface EventBase {
  platform: Platform;
  /** Page id, IG account id, WhatsApp phone-number id, X user id, or the api channel's id. */
  channelExternalId: string;
  /** The dedupe key the platform gives this event (message id, comment id, wamid, tweet id). */
  externalId: string;
  occurredAt: Date;
}

/** A customer's comment, DM or mention. */
export interface InboundMessageEvent extends EventBase {
  type: 'message';
  kind: ConversationKind;
  /**
   * Key of the thread this message belongs to as far as the payload alone can tell (root comment id,
   * customer id for DMs, root tweet id). Ingestion may re-thread through `parentExternalId`.
   */
  threadKey: string;
  parentExternalId?: string | null;
  post?: { externalId: string; text?: string | null; permalink?: string | null } | null;
  author: InboundAuthor;
  text: string;
  attachments: Attachment[];
}

export interface InboundEditEvent extends EventBase {
  type: 'edit';
  text: string;
}

export interface InboundDeleteEvent extends EventBase {
  type: 'delete';
}

/** Our own outbound message seen back from the platform (is_echo, page-authored comment, own tweet). */
export interface InboundEchoEvent extends EventBase {
  type: 'echo';
  text?: string | null;
}

/** Delivery receipts: WhatsApp statuses, Messenger delivery/read watermarks, X read events. */
export interface InboundStatusEvent extends EventBase {
  type: 'status';
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Watermark receipts apply to every outbound message up to this time instead of one id. */
  watermark?: Date | null;
  recipientExternalId?: string | null;
  error?: { code: string; message: string } | null;
}

/** The platform revoked our access (X user_event.revoke). */
export interface InboundRevokeEvent extends EventBase {
  type: 'revoke';
}

export type InboundEvent =
  | InboundMessageEvent
  | InboundEditEvent
  | InboundDeleteEvent
  | InboundEchoEvent
  | InboundStatusEvent
  | InboundRevokeEvent;

export interface ParsedWebhook {
  events: InboundEvent[];
  /** Items skipped (unknown kinds, reactions, malformed entries), counted by reason. */
  skipped: Record<string, number>;
}

// ---- outbound ------------------------------------------------------------------

export interface OutboundChannel {
  externalId: string;
  accessToken: string | null;
  /** `api` channels: signing secret and destination. */
  secret?: string | null;
  outboundUrl?: string | null;
  humanAgentTag?: boolean;
}

export interface OutboundReply {
  platform: Platform;
  kind: ConversationKind;
  channel: OutboundChannel;
  /** The message being answered (comment id, tweet id); DMs use the recipient instead. */
  inReplyToExternalId: string | null;
  /** The customer's platform id (DM recipient). */
  recipientExternalId: string | null;
  text: string;
  attachments: Attachment[];
  /** Stable across retries, so a platform that supports it can deduplicate. */
  idempotencyKey: string;
  /** Last customer message time (decides RESPONSE vs HUMAN_AGENT tag). */
  lastInboundAt: Date | null;
  /** Babillard's id of the outbound message (Messenger metadata, generic channel payload). */
  messageId?: string;
  /** The post or media the thread hangs under (Instagram mention replies need the media id). */
  postExternalId?: string | null;
}

export type SendResult =
  | { ok: true; externalId: string }
  | {
      ok: false;
      /** retryable: network/5xx; rate_limited: wait retryAfterMs and hold the channel; auth: token revoked; permanent: give up. */
      kind: 'retryable' | 'rate_limited' | 'auth' | 'permanent';
      retryAfterMs?: number;
      code?: string;
      message: string;
    };

export interface PlatformEndpoints {
  metaGraphUrl: string;
  xApiUrl: string;
}

/** What a sender needs besides the reply: where the platform lives and how long to wait for it. */
export interface SendContext {
  endpoints: PlatformEndpoints;
  timeoutMs: number;
}

/**
 * One platform's outbound half. When a send's outcome is unknown (the worker died mid-request),
 * delivery must not simply send again: an `idempotent` receiver deduplicates by itself; otherwise
 * `findSent` asks the platform, returning our reply's platform id, null when the platform has no
 * such reply, or undefined when this kind of thread cannot be read back.
 */
export interface OutboundSender {
  readonly idempotent?: boolean;
  send(reply: OutboundReply, ctx: SendContext): Promise<SendResult>;
  findSent?(reply: OutboundReply, ctx: SendContext): Promise<string | null | undefined>;
}
