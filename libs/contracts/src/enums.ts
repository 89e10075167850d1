export const PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x', 'api'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CONVERSATION_KINDS = ['comment', 'dm', 'mention'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Ordered from least to most urgent; the index is the sort rank. */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Ordered: a delivery state never moves backwards, except to `failed`. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Ordered from least to most privileged. */
export const ROLES = ['agent', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** What an agent says about themselves (the console's status menu). */
export const AVAILABILITIES = ['available', 'busy', 'away'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** What the realtime layer sees across all of an agent's tabs and processes. */
export const PRESENCES = ['online', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export const CHANNEL_STATUSES = ['active', 'needs_reconnect', 'disabled'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const ROUTING_CATEGORIES = ['after_sales', 'crisis', 'other'] as const;
export type RoutingCategory = (typeof ROUTING_CATEGORIES)[number];

export const CONVERSATION_SORTS = ['priority', 'last_activity'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export const QUEUE_VIEWS = ['mine', 'unassigned', 'my_teams', 'all', 'crisis'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
