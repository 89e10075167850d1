import { messagingWindowState, replyLengthLimit, type ConversationKind, type Platform } from '@babillard/contracts';

const PLATFORM_NAMES: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  x: 'X',
  api: 'this channel',
};

const KIND_NAMES: Record<ConversationKind, string> = { comment: 'a comment reply', dm: 'a private message', mention: 'a public reply' };

/** "3 h", "45 min", "2 days": how an agent reads a span of time. */
export function humanDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

export interface ReplyTarget {
  platform: Platform;
  kind: ConversationKind;
  lastInboundAt: Date | null;
  humanAgentTag: boolean;
}

/**
 * Why a reply cannot be sent, in words an agent understands, or null when it can. The limits come
 * from @babillard/contracts so the console refuses exactly what the API refuses.
 */
export function replyRefusal(text: string, target: ReplyTarget, now = new Date()): string | null {
  if (text.trim().length === 0) return 'the reply is empty: write a message before sending';
  const limit = replyLengthLimit(target.platform, target.kind);
  const length = [...text].length;
  if (length > limit) {
    return `the reply is ${length.toLocaleString('en')} characters; ${PLATFORM_NAMES[target.platform]} allows ${limit.toLocaleString('en')} in ${KIND_NAMES[target.kind]} (${(length - limit).toLocaleString('en')} too many)`;
  }
  const window = messagingWindowState(target.platform, target.kind, target.lastInboundAt, now, { humanAgentTag: target.humanAgentTag });
  if (!window.open) {
    if (!window.closesAt) return `${PLATFORM_NAMES[target.platform]} only allows a private reply after the customer has written`;
    const span = target.humanAgentTag && target.platform !== 'whatsapp' ? '7-day' : '24-hour';
    return `the ${span} window closed ${humanDuration(now.getTime() - window.closesAt.getTime())} ago: ${PLATFORM_NAMES[target.platform]} only accepts a private reply within ${span === '7-day' ? '7 days' : '24 hours'} of the customer's last message`;
  }
  return null;
}
