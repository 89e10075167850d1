import type { CrisisIncidentSummary } from '@babillard/contracts';
import type { EntityManager } from 'typeorm';
import type { ChannelEntity } from '../channels/channel.entity';
import type { ContactIdentityEntity } from '../contacts/contact-identity.entity';
import type { ConversationEntity } from '../conversations/conversation.entity';
import type { MessageEntity } from '../conversations/message.entity';

export interface InboundRoutingInput {
  channel: ChannelEntity;
  conversation: ConversationEntity;
  message: MessageEntity;
  author: ContactIdentityEntity | null;
  isNewConversation: boolean;
  /**
   * The contact's VIP flag when the caller already knows it. Optional: when omitted, routing
   * reads it (in the statement that records the classification) only if a rule asks about VIPs.
   */
  contactVip?: boolean;
}

/** What routing changed, so ingestion can publish it after commit. */
export interface InboundRoutingResult {
  changes: string[];
  /** Crisis incidents opened or updated by this message. */
  crisisOpened: string[];
  crisisUpdated: string[];
  notify: { userIds: string[]; text: string; kind?: 'crisis' | 'rule' }[];
  /** The opened or updated incidents as this transaction leaves them, for the crisis events' payload. */
  incidents?: CrisisIncidentSummary[];
}

/**
 * Called by ingestion for every new inbound message, inside the same transaction, before commit:
 * a thread never shows in the wrong team. It may update `conversation` (team, priority, labels,
 * assignee, status, crisis) through `tx` and writes its own timeline events.
 */
export abstract class InboundRouter {
  abstract routeInbound(tx: EntityManager, input: InboundRoutingInput): Promise<InboundRoutingResult>;

  /**
   * Messages of different conversations, routed together (results in input order). Routers may
   * write them with fewer round trips; by default, one by one.
   */
  async routeInboundMany(tx: EntityManager, inputs: InboundRoutingInput[]): Promise<InboundRoutingResult[]> {
    const results: InboundRoutingResult[] = [];
    for (const input of inputs) results.push(await this.routeInbound(tx, input));
    return results;
  }
}
