import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DOMAIN_EVENTS, type ConversationChanged, type CrisisChanged, type NotificationRequested } from '../../conversations/conversation.events';
import { CrisisIncidentsRepository } from './crisis-incidents.repository';

/** What a crisis action changed, gathered inside its transaction and published after commit. */
export interface CrisisChanges {
  opened: string[];
  updated: string[];
  /** Conversations that changed, with the team they had before (realtime tells the old team's room). */
  conversations: Map<string, string | null>;
  notify: NotificationRequested[];
}

export const noCrisisChanges = (): CrisisChanges => ({ opened: [], updated: [], conversations: new Map(), notify: [] });

/** After commit: the threads, then the incidents as committed, then the notifications. */
@Injectable()
export class CrisisPublisher {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly incidents: CrisisIncidentsRepository,
    private readonly events: EventEmitter2,
  ) {}

  async publish(workspaceId: string, out: CrisisChanges): Promise<void> {
    for (const [conversationId, previousTeamId] of out.conversations) {
      this.events.emit(DOMAIN_EVENTS.conversationUpdated, {
        workspaceId,
        conversationId,
        changes: ['crisisId', 'teamId', 'priority'],
        previousTeamId,
      } satisfies ConversationChanged);
    }
    const summary = async (incidentId: string) => (await this.incidents.get(this.db.manager, workspaceId, incidentId)) ?? undefined;
    for (const incidentId of out.opened) {
      this.events.emit(DOMAIN_EVENTS.crisisOpened, { workspaceId, incidentId, incident: await summary(incidentId) } satisfies CrisisChanged);
    }
    for (const incidentId of new Set(out.updated)) {
      this.events.emit(DOMAIN_EVENTS.crisisUpdated, { workspaceId, incidentId, incident: await summary(incidentId) } satisfies CrisisChanged);
    }
    for (const n of out.notify) this.events.emit(DOMAIN_EVENTS.notification, n);
  }
}
