import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { InboundRouter, type InboundRoutingInput, type InboundRoutingResult } from './inbound-router';

/** Placeholder until the rules engine lands: a new thread goes to its channel's default team. */
@Injectable()
export class DefaultInboundRouter extends InboundRouter {
  async routeInbound(tx: EntityManager, input: InboundRoutingInput): Promise<InboundRoutingResult> {
    const { conversation, channel } = input;
    const changes: string[] = [];
    if (!conversation.teamId && channel.defaultTeamId) {
      conversation.teamId = channel.defaultTeamId;
      await tx.getRepository(ConversationEntity).update({ id: conversation.id }, { teamId: channel.defaultTeamId });
      changes.push('teamId');
    }
    return { changes, crisisOpened: [], crisisUpdated: [], notify: [] };
  }
}
