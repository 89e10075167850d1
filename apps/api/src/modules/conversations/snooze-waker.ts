import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DOMAIN_EVENTS, type ConversationChanged } from './conversation.events';
import { ConversationThreadRepository } from './conversation-thread.repository';

const EVERY_MS = 30_000;

/** Reopens snoozed conversations whose time has come. Safe in every process: one UPDATE claims each row once. */
@Injectable()
export class SnoozeWaker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnoozeWaker.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly thread: ConversationThreadRepository,
    private readonly events: EventEmitter2,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.wake().catch((err) => this.logger.warn(`snooze wake-up failed: ${err}`)), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async wake(): Promise<number> {
    const woken = await this.thread.wakeSnoozed();
    for (const w of woken) {
      const event: ConversationChanged = {
        workspaceId: w.workspace_id,
        conversationId: w.id,
        changes: ['status', 'snoozedUntil'],
        actorUserId: null,
      };
      this.events.emit(DOMAIN_EVENTS.conversationUpdated, event);
    }
    return woken.length;
  }
}
