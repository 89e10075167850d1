import { ApiChannelSender, MetaSender, XSender, type OutboundSender } from '@babillard/connectors';
import type { Platform } from '@babillard/contracts';

export const REPLY_SENDERS = Symbol('REPLY_SENDERS');
export type ReplySenders = Record<Platform, OutboundSender>;

/** Reply sending is a map from platform to sender; Meta's four surfaces share the Graph API. */
export function createReplySenders(): ReplySenders {
  const meta = new MetaSender();
  return { facebook: meta, instagram: meta, whatsapp: meta, x: new XSender(), api: new ApiChannelSender() };
}
