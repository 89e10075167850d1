import type { ConversationChanged, MessageChanged } from '../../conversations/conversation.events';

/**
 * What a batch of normalised events changed, published only after its transaction commits.
 * Ids only: the realtime layer re-reads the latest state before it pushes.
 */
export class NormaliseOutcome {
  readonly conversationsCreated = new Map<string, ConversationChanged>();
  readonly conversationsUpdated = new Map<string, ConversationChanged>();
  readonly messagesCreated: MessageChanged[] = [];
  readonly messagesUpdated = new Map<string, MessageChanged>();
  readonly revokedChannels = new Set<string>();
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

  messageCreated(workspaceId: string, conversationId: string, messageId: string): void {
    this.messagesCreated.push({ workspaceId, conversationId, messageId });
  }

  messageUpdated(workspaceId: string, conversationId: string, messageId: string): void {
    this.messagesUpdated.set(messageId, { workspaceId, conversationId, messageId });
  }

  skip(platform: string, reason: string): void {
    const counts = this.skipped.get(platform) ?? {};
    counts[reason] = (counts[reason] ?? 0) + 1;
    this.skipped.set(platform, counts);
  }
}
