import type { InboundDeleteEvent, InboundEchoEvent, InboundEditEvent, InboundStatusEvent } from '@babillard/connectors';
import type { DeliveryStatus } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelEntity } from '../../channels/channel.entity';
import { nextDeliveryStatus } from '../../conversations/delivery-status';
import type { NormaliseOutcome } from './normalise-outcome';
import { returning } from './sql';

const STATUS_TIME_COLUMN: Record<Exclude<DeliveryStatus, 'pending'>, string> = {
  sent: 'sent_at',
  delivered: 'delivered_at',
  read: 'read_at',
  failed: 'failed_at',
};

interface OutboundRow {
  id: string;
  conversation_id: string;
  delivery_status: DeliveryStatus | null;
}

/** Edits, deletions, echoes of our own messages and delivery receipts: changes to stored messages. */
@Injectable()
export class MessageUpdateWriter {
  /** Applying the same edit twice changes nothing and leaves one timeline event. */
  async edit(tx: EntityManager, channel: ChannelEntity, e: InboundEditEvent, out: NormaliseOutcome): Promise<void> {
    const rows = await returning<{ id: string; conversation_id: string; prev: string }>(
      tx,
      `UPDATE message m SET text = $3, edited_at = $4
       FROM (SELECT id, text AS prev FROM message WHERE channel_id = $1 AND external_id = $2 FOR UPDATE) p
       WHERE m.id = p.id AND m.direction = 'inbound' AND p.prev IS DISTINCT FROM $3
       RETURNING m.id, m.conversation_id, p.prev`,
      [channel.id, e.externalId, e.text, e.occurredAt],
    );
    if (!rows.length) return this.unmatched(tx, channel, e.externalId, 'edit', out);
    const { id, conversation_id: conversationId, prev } = rows[0];
    await tx.query(
      `UPDATE conversation SET last_message_text = $2, updated_at = now()
       WHERE id = $1 AND last_message_direction = 'inbound' AND last_message_text = $3`,
      [conversationId, e.text, prev],
    );
    await this.timeline(tx, channel, conversationId, 'message.edited', { messageId: id, externalId: e.externalId, previousText: prev, text: e.text });
    out.messageUpdated(channel.workspaceId, conversationId, id);
    out.conversationUpdated(channel.workspaceId, conversationId, ['lastMessage']);
  }

  async delete(tx: EntityManager, channel: ChannelEntity, e: InboundDeleteEvent, out: NormaliseOutcome): Promise<void> {
    const rows = await returning<{ id: string; conversation_id: string }>(
      tx,
      `UPDATE message SET deleted_at = $3
       WHERE channel_id = $1 AND external_id = $2 AND deleted_at IS NULL
       RETURNING id, conversation_id`,
      [channel.id, e.externalId, e.occurredAt],
    );
    if (!rows.length) return this.unmatched(tx, channel, e.externalId, 'delete', out);
    const { id, conversation_id: conversationId } = rows[0];
    await this.timeline(tx, channel, conversationId, 'message.deleted', { messageId: id, externalId: e.externalId });
    out.messageUpdated(channel.workspaceId, conversationId, id);
  }

  /** Our own message seen back: proof the platform has it (sent), never a customer message. */
  async echo(tx: EntityManager, channel: ChannelEntity, e: InboundEchoEvent, out: NormaliseOutcome): Promise<void> {
    await this.advance(tx, channel, [e.externalId], 'sent', e.occurredAt, null, out, 'echo');
  }

  async status(tx: EntityManager, channel: ChannelEntity, e: InboundStatusEvent, out: NormaliseOutcome): Promise<void> {
    if (e.watermark) {
      const ids: { external_id: string }[] = await tx.query(
        `SELECT m.external_id FROM message m JOIN conversation c ON c.id = m.conversation_id
         WHERE c.channel_id = $1 AND c.kind = 'dm' AND c.thread_key = $2 AND m.direction = 'outbound'
           AND m.external_id IS NOT NULL AND m.created_at <= $3 AND m.delivery_status IN ('pending', 'sent', 'delivered', 'failed')`,
        [channel.id, e.recipientExternalId, e.watermark],
      );
      if (ids.length) await this.advance(tx, channel, ids.map((r) => r.external_id), e.status, e.occurredAt, null, out, null);
      return;
    }
    await this.advance(tx, channel, [e.externalId], e.status, e.occurredAt, e.error ?? null, out, 'status');
  }

  /** Moves delivery state forward only (nextDeliveryStatus), whatever order receipts arrive in. */
  private async advance(
    tx: EntityManager,
    channel: ChannelEntity,
    externalIds: string[],
    status: Exclude<DeliveryStatus, 'pending'>,
    at: Date,
    error: { code: string; message: string } | null,
    out: NormaliseOutcome,
    unmatchedReason: string | null,
  ): Promise<void> {
    const rows: OutboundRow[] = await tx.query(
      `SELECT id, conversation_id, delivery_status FROM message
       WHERE channel_id = $1 AND external_id = ANY($2::text[]) AND direction = 'outbound' FOR UPDATE`,
      [channel.id, externalIds],
    );
    if (!rows.length && unmatchedReason) out.skip(channel.platform, `${unmatchedReason}_unmatched`);
    for (const row of rows) {
      const next = nextDeliveryStatus(row.delivery_status, status);
      if (!next || next === 'pending') continue;
      const column = STATUS_TIME_COLUMN[next];
      await tx.query(
        `UPDATE message SET delivery_status = $2, ${column} = COALESCE(${column}, $3), error = $4, error_code = $5 WHERE id = $1`,
        [row.id, next, at, next === 'failed' ? (error?.message ?? 'failed') : null, next === 'failed' ? (error?.code ?? null) : null],
      );
      out.messageUpdated(channel.workspaceId, row.conversation_id, row.id);
    }
  }

  private async unmatched(tx: EntityManager, channel: ChannelEntity, externalId: string, kind: 'edit' | 'delete', out: NormaliseOutcome): Promise<void> {
    const exists = await tx.query(`SELECT 1 FROM message WHERE channel_id = $1 AND external_id = $2`, [channel.id, externalId]);
    if (!exists.length) out.skip(channel.platform, `${kind}_unmatched`);
  }

  private async timeline(tx: EntityManager, channel: ChannelEntity, conversationId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await tx.query(
      `INSERT INTO conversation_event (workspace_id, conversation_id, type, actor_type, data) VALUES ($1, $2, $3, 'platform', $4::jsonb)`,
      [channel.workspaceId, conversationId, type, JSON.stringify(data)],
    );
  }
}
