import type { Conversation } from '@babillard/contracts';
import type { ConversationRow } from './queue/conversation-row';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Queue row → the public `Conversation` shape (api-contract.md). */
export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    platform: r.platform,
    kind: r.kind,
    status: r.status,
    priority: r.priority,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    labels: r.labels,
    contact: {
      id: r.contact_id,
      name: r.contact_name ?? r.identity_name,
      handle: r.identity_handle,
      followers: r.identity_followers,
      verified: r.identity_verified ?? false,
      vip: r.contact_vip,
    },
    lastMessage:
      r.last_message_at && r.last_message_direction
        ? { text: r.last_message_text ?? '', direction: r.last_message_direction, createdAt: r.last_message_at.toISOString() }
        : null,
    waitingSince: iso(r.waiting_since),
    unreadCount: r.unread_count,
    slaDueAt: iso(r.sla_due_at),
    crisisId: r.crisis_id,
    snoozedUntil: iso(r.snoozed_until),
    firstResponseAt: iso(r.first_response_at),
    resolvedAt: iso(r.resolved_at),
    lastActivityAt: r.last_activity_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
