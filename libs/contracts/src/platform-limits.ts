import type { ConversationKind, Platform } from './enums';

/** Maximum reply length per platform and kind, in characters (what the platform documents). */
export function replyLengthLimit(platform: Platform, kind: ConversationKind): number {
  switch (platform) {
    case 'x':
      return kind === 'dm' ? 10_000 : 280;
    case 'facebook':
      return kind === 'dm' ? 2_000 : 8_000;
    case 'instagram':
      return kind === 'dm' ? 1_000 : 2_200;
    case 'whatsapp':
      return 4_096;
    case 'api':
      return 10_000;
  }
}

const HOUR = 3_600_000;

/**
 * The messaging window for DMs: how long after the customer's last message a free-form reply is
 * allowed. null when the platform has no window (comments, mentions, X, generic channels).
 */
export function messagingWindowMs(
  platform: Platform,
  kind: ConversationKind,
  opts: { humanAgentTag?: boolean } = {},
): number | null {
  if (kind !== 'dm') return null;
  if (platform === 'whatsapp') return 24 * HOUR;
  if (platform === 'facebook' || platform === 'instagram') return (opts.humanAgentTag ? 7 * 24 : 24) * HOUR;
  return null;
}

export interface WindowState {
  open: boolean;
  /** When the window closes (or closed); null when there is no window. */
  closesAt: Date | null;
}

export function messagingWindowState(
  platform: Platform,
  kind: ConversationKind,
  lastInboundAt: Date | null,
  now: Date = new Date(),
  opts: { humanAgentTag?: boolean } = {},
): WindowState {
  const windowMs = messagingWindowMs(platform, kind, opts);
  if (windowMs === null) return { open: true, closesAt: null };
  if (!lastInboundAt) return { open: false, closesAt: null };
  const closesAt = new Date(lastInboundAt.getTime() + windowMs);
  return { open: closesAt.getTime() > now.getTime(), closesAt };
}
