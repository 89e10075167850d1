import type { ConversationKind, ConversationStatus, MessageDirection, Platform, Priority } from '@babillard/contracts';

/** One conversation as the queue query returns it: what a list row shows, flattened. */
export interface ConversationRow {
  id: string;
  workspace_id: string;
  channel_id: string;
  platform: Platform;
  kind: ConversationKind;
  status: ConversationStatus;
  priority: Priority;
  team_id: string | null;
  assignee_id: string | null;
  labels: string[];
  contact_id: string;
  contact_name: string | null;
  contact_vip: boolean;
  identity_handle: string | null;
  identity_name: string | null;
  identity_followers: number | null;
  identity_verified: boolean | null;
  last_message_text: string | null;
  last_message_direction: MessageDirection | null;
  last_message_at: Date | null;
  waiting_since: Date | null;
  unread_count: number;
  sla_due_at: Date | null;
  crisis_id: string | null;
  snoozed_until: Date | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  last_activity_at: Date;
  created_at: Date;
  updated_at: Date;
}

/**
 * Columns of a list row for conversations `c`. `$viewer` is the user whose unread count is wanted;
 * NULL (pushes to a room) counts the inbound messages since the last reply instead. The count stops
 * at 99: a badge does not need more, and a long thread must not cost a long scan.
 */
export function conversationRowSelect(viewerParam: string): string {
  return `
    c.id, c.workspace_id, c.channel_id, c.platform, c.kind, c.status, c.priority, c.team_id, c.assignee_id, c.labels,
    c.contact_id, ct.name AS contact_name, ct.vip AS contact_vip,
    ci.handle AS identity_handle, ci.display_name AS identity_name, ci.followers_count AS identity_followers,
    ci.verified AS identity_verified,
    c.last_message_text, c.last_message_direction, c.last_message_at, c.waiting_since, c.sla_due_at, c.crisis_id,
    c.snoozed_until, c.first_response_at, c.resolved_at, c.last_activity_at, c.created_at, c.updated_at,
    (SELECT count(*)::int FROM (
       SELECT 1 FROM message m
       WHERE m.conversation_id = c.id AND m.direction = 'inbound'
         AND m.created_at > COALESCE(
           (SELECT r.last_read_at FROM conversation_read r WHERE r.conversation_id = c.id AND r.user_id = ${viewerParam}::uuid),
           CASE WHEN ${viewerParam}::uuid IS NULL THEN c.last_outbound_at END,
           '-infinity')
       LIMIT 99) unread) AS unread_count`;
}

/** Joins that `conversationRowSelect` reads from: the contact and its identity on the conversation's platform. */
export const CONVERSATION_ROW_JOINS = `
    JOIN contact ct ON ct.id = c.contact_id
    LEFT JOIN LATERAL (
      SELECT i.handle, i.display_name, i.followers_count, i.verified FROM contact_identity i
      WHERE i.contact_id = c.contact_id AND i.platform = c.platform
      ORDER BY i.updated_at DESC LIMIT 1
    ) ci ON true`;
