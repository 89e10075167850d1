import { PgListener } from '../../../database/pg-listener';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { CHANNEL_EVENTS, type ChannelStatusChangedEvent } from '../../channels/channel.events';
import { DOMAIN_EVENTS, type MessageChanged } from '../../conversations/conversation.events';

/** NOTIFY channel carrying a worker process's domain events to the API processes that push them to consoles. */
export const WORKER_EVENTS_CHANNEL = 'babillard_worker_events';

type RelayedEvent = { name: typeof DOMAIN_EVENTS.messageUpdated; payload: MessageChanged } | { name: typeof CHANNEL_EVENTS.statusChanged; payload: ChannelStatusChangedEvent };

/**
 * In a worker process (no socket.io): forwards what delivery emits — message.updated, a channel
 * needing reconnection — to the API processes.
 */
@Injectable()
export class WorkerEventsRelay {
  private readonly logger = new Logger(WorkerEventsRelay.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @OnEvent(DOMAIN_EVENTS.messageUpdated)
  messageUpdated(payload: MessageChanged): void {
    this.relay({ name: DOMAIN_EVENTS.messageUpdated, payload });
  }

  @OnEvent(CHANNEL_EVENTS.statusChanged)
  channelStatusChanged(payload: ChannelStatusChangedEvent): void {
    this.relay({ name: CHANNEL_EVENTS.statusChanged, payload });
  }

  private relay(event: RelayedEvent): void {
    this.db.query(`SELECT pg_notify($1, $2)`, [WORKER_EVENTS_CHANNEL, JSON.stringify(event)]).catch((err: Error) => {
      this.logger.warn(`could not relay ${event.name}: ${err.message}`);
    });
  }
}

/** In an API process: re-emits the worker processes' events locally, where realtime listens. */
@Injectable()
export class WorkerEventsBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerEventsBridge.name);
  private listener: PgListener | null = null;

  constructor(
    private readonly events: EventEmitter2,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new PgListener(
      this.runtime.databaseUrl,
      [WORKER_EVENTS_CHANNEL],
      (n) => {
        if (n.channel !== WORKER_EVENTS_CHANNEL || !n.payload) return;
        try {
          const event = JSON.parse(n.payload) as RelayedEvent;
          if (event.name === DOMAIN_EVENTS.messageUpdated || event.name === CHANNEL_EVENTS.statusChanged) this.events.emit(event.name, event.payload);
        } catch {
          this.logger.warn('ignored a malformed worker event');
        }
      },
      'WorkerEventsBridge',
    );
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.listener?.close();
  }
}
