import type { ConversationChanged, CrisisChanged, MessageChanged, NotificationRequested } from '../../conversations/conversation.events';
import type { MessageRecord } from '../../conversations/message.mapper';
import type { InboundRoutingResult } from '../../routing/inbound-router';

/**
 * What a batch of normalised events changed, published only after its transaction commits.
 * Ids, and new messages as inserted: the realtime layer re-reads the conversations' latest state
 * before it pushes.
 */
export class NormaliseOutcome {
  readonly conversationsCreated = new Map<string, ConversationChanged>();
  readonly conversationsUpdated = new Map<string, ConversationChanged>();
  readonly messagesCreated: MessageChanged[] = [];
  readonly messagesUpdated = new Map<string, MessageChanged>();
  readonly revokedChannels = new Set<string>();
  readonly crisisOpened = new Map<string, CrisisChanged>();
  readonly crisisUpdated = new Map<string, CrisisChanged>();
  readonly notifications: NotificationRequested[] = [];
  /** Per platform, per reason: events that changed nothing (unmatched echo, receipt for an unknown message). */
  readonly skipped = new Map<string, Record<string, number>>();

  conversationCreated(workspaceId: string, conversationId: string): void {
    this.conversationsCreated.set(conversationId, { workspaceId, conversationId });
    this.conversationsUpdated.delete(conversationId);
  }

  conversationUpdated(workspaceId: string, conversationId: string, changes: string[]): void {
    if (this.conversationsCreated.has(conversationId)) return;
    const prev = this.conversationsUpdated.get(conversationId);
    const merged = [...new Set([...(prev?.changes ?? []), ...changes])];
    this.conversationsUpdated.set(conversationId, { workspaceId, conversationId, changes: merged });
  }

  /** `created`: the inserted row, when the writer has it, so the publisher need not read it back. */
  messageCreated(workspaceId: string, conversationId: string, messageId: string, created?: MessageRecord): void {
    this.messagesCreated.push({ workspaceId, conversationId, messageId, ...(created ? { created } : {}) });
  }

  messageUpdated(workspaceId: string, conversationId: string, messageId: string): void {
    this.messagesUpdated.set(messageId, { workspaceId, conversationId, messageId });
  }

  /** Crisis incidents and notifications that routing decided on for one message. */
  routed(workspaceId: string, conversationId: string, routed: InboundRoutingResult): void {
    const incident = (id: string) => routed.incidents?.find((i) => i.id === id);
    for (const id of routed.crisisOpened) this.crisisOpened.set(id, { workspaceId, incidentId: id, incident: incident(id) });
    for (const id of routed.crisisUpdated) {
      if (!this.crisisOpened.has(id)) this.crisisUpdated.set(id, { workspaceId, incidentId: id, incident: incident(id) });
      else this.crisisOpened.set(id, { workspaceId, incidentId: id, incident: incident(id) });
    }
    for (const n of routed.notify) {
      this.notifications.push({ workspaceId, userIds: n.userIds, kind: n.kind ?? 'rule', conversationId, text: n.text });
    }
  }

  skip(platform: string, reason: string): void {
    const counts = this.skipped.get(platform) ?? {};
    counts[reason] = (counts[reason] ?? 0) + 1;
    this.skipped.set(platform, counts);
  }
}
