import type { InboundMessageEvent } from '@babillard/connectors';
import type { EntityManager } from 'typeorm';
import { ConversationEntity } from '../../conversations/conversation.entity';
import { inKeyOrder } from '../../../database/lock-order';
import { returning, toEntity } from './sql';

export interface InboundOnConversation {
  workspaceId: string;
  conversationId: string;
  e: InboundMessageEvent;
}

export interface ConversationAfterInbound {
  entity: ConversationEntity;
  reopened: boolean;
}

/**
 * How a customer's new message moves its conversation forward, as an UPDATE of `conversation c`
 * from `p` (id, t, text, prev_status): last message, waiting time and activity only move forward
 * (an old event arriving late changes nothing visible), and a resolved, snoozed or pending
 * conversation reopens. Returns the conversation as it now stands, with its previous status.
 */
export const INBOUND_CONVERSATION_UPDATE = `UPDATE conversation c SET
       status = 'open',
       resolved_at = NULL,
       snoozed_until = NULL,
       last_inbound_at = GREATEST(c.last_inbound_at, p.t),
       last_activity_at = GREATEST(c.last_activity_at, p.t),
       waiting_since = CASE
         WHEN c.last_outbound_at IS NOT NULL AND c.last_outbound_at >= p.t THEN c.waiting_since
         ELSE LEAST(COALESCE(c.waiting_since, p.t), p.t) END,
       last_message_text = CASE WHEN c.last_message_at IS NULL OR c.last_message_at <= p.t THEN p.text ELSE c.last_message_text END,
       last_message_direction = CASE WHEN c.last_message_at IS NULL OR c.last_message_at <= p.t THEN 'inbound' ELSE c.last_message_direction END,
       last_message_at = GREATEST(c.last_message_at, p.t),
       updated_at = now()`;

/** The conversations to move forward (jsonb `x(id uuid, t timestamptz, text text)`), in id order, so two batches lock them in the same order. */
export function inboundUpdateInput(items: InboundOnConversation[]): string {
  return JSON.stringify(items.map(({ conversationId, e }) => ({ id: conversationId, t: e.occurredAt, text: e.text })).sort(inKeyOrder((r) => r.id)));
}

/**
 * Moves the conversations forward for one new message each, reopening them with the reopening on
 * their timeline. One statement for any number of messages, at most one per conversation; returns
 * each conversation as it now stands.
 */
export async function applyInboundMessages(tx: EntityManager, items: InboundOnConversation[]): Promise<Map<string, ConversationAfterInbound>> {
  const rows = await returning<Record<string, unknown> & { id: string; prev_status: string }>(
    tx,
    `${INBOUND_CONVERSATION_UPDATE}
     FROM (
       SELECT x.id, x.t, x.text, cur.status AS prev_status
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, t timestamptz, text text)
       JOIN conversation cur ON cur.id = x.id
     ) p
     WHERE c.id = p.id
     RETURNING c.*, p.prev_status`,
    [inboundUpdateInput(items)],
  );
  return afterInbound(tx, items, rows);
}

/** The updated rows → each conversation's entity; reopenings go on the timeline (an item without a row was left alone). */
export async function afterInbound(
  tx: EntityManager,
  items: InboundOnConversation[],
  rows: (Record<string, unknown> & { id: string; prev_status: string })[],
): Promise<Map<string, ConversationAfterInbound>> {
  const previous = new Map(rows.map((r) => [r.id, r.prev_status]));
  const reopened = items.filter(({ conversationId }) => (previous.get(conversationId) ?? 'open') !== 'open');
  if (reopened.length) {
    await tx.query(
      `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data)
       SELECT ws, id, 'status.changed', 'customer', data FROM jsonb_to_recordset($1::jsonb) AS r(ws uuid, id uuid, data jsonb)`,
      [
        JSON.stringify(
          reopened.map(({ workspaceId, conversationId, e }) => ({
            ws: workspaceId,
            id: conversationId,
            data: { from: previous.get(conversationId), to: 'open', reason: 'inbound_message', externalId: e.externalId },
          })),
        ),
      ],
    );
  }
  return new Map(rows.map((r) => [r.id, { entity: toEntity(tx, ConversationEntity, r), reopened: r.prev_status !== 'open' }]));
}
