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
}
