import type { InboundEvent } from '@babillard/connectors';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelEntity } from '../../channels/channel.entity';
import type { KnownIdentity } from '../../contacts/contacts.service';
import { InboundBatchWriter, type MessageItem } from './inbound-batch.writer';
import { InboundMessageWriter, type ClaimedMessage, type KnownThread, type StoredMessage } from './inbound-message.writer';
import { MessageUpdateWriter } from './message-update.writer';
import type { NormaliseOutcome } from './normalise-outcome';

export interface IntakeRow {
  id: string;
  channelId: string;
  /** Read with the row; null when the channel was deleted since. */
  channel: ChannelEntity | null;
  event: InboundEvent;
  /** For a new message: it, or its parent, as stored already (read with the row; dedupe and threading). */
  storedMessages: StoredMessage[];
  /** For a new message: the conversation of the thread it names, when there is one already (read with the row). */
  thread: KnownThread | null;
  /** For a new message: its author's identity as stored, when known already (read with the row). */
  author: KnownIdentity | null;
}

/**
 * Applies intake rows, in arrival order, inside the caller's transaction. Consecutive new messages
 * are written as one run (InboundBatchWriter); edits, deletions, echoes and receipts one at a time,
 * in their place, so an edit still follows the message it edits.
 */
@Injectable()
export class InboundNormaliser {
  constructor(
    private readonly messages: InboundMessageWriter,
    private readonly runs: InboundBatchWriter,
    private readonly updates: MessageUpdateWriter,
  ) {}

  async apply(tx: EntityManager, rows: IntakeRow[], out: NormaliseOutcome): Promise<void> {
    const messageItems = rows.flatMap(({ channel, event, storedMessages, thread, author }): ClaimedMessage[] =>
      channel && event.type === 'message' ? [{ channel, e: event, stored: storedMessages, thread, author }] : [],
    );
    const ctx = await this.messages.prepare(tx, messageItems);
    let run: MessageItem[] = [];
    const flush = async () => {
      if (run.length) await this.runs.writeRun(tx, run, ctx, out);
      run = [];
    };
    for (const row of rows) {
      const channel = row.channel;
      if (!channel) {
        out.skip(row.event.platform, 'channel_deleted');
        continue;
      }
      const e = row.event;
      if (e.type === 'message') {
        run.push({ channel, e });
        continue;
      }
      await flush();
      switch (e.type) {
        case 'edit':
          await this.updates.edit(tx, channel, e, out);
          break;
        case 'delete':
          await this.updates.delete(tx, channel, e, out);
          break;
        case 'echo':
          await this.updates.echo(tx, channel, e, out);
          break;
        case 'status':
          await this.updates.status(tx, channel, e, out);
          break;
        case 'revoke':
          out.revokedChannels.add(channel.id);
          break;
      }
    }
    await flush();
  }
}

/** Intake rows hold events as JSON: dates come back as strings. */
export function reviveEvent(raw: InboundEvent): InboundEvent {
  const e = { ...raw, occurredAt: new Date(raw.occurredAt) } as InboundEvent;
  if (e.type === 'status' && e.watermark) e.watermark = new Date(e.watermark);
  return e;
}
