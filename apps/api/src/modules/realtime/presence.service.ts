import type { Presence } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import { RealtimeEventRepository } from './realtime-event.repository';
import { RealtimePublisher } from './realtime-publisher';
import { RealtimeServer } from './realtime-server';
import { rooms } from './rooms';
import type { SocketMembership } from './socket-identity';

/**
 * An agent's presence across every tab and every process: online if any socket says online, away if
 * all of them say away, offline when none is left. The sockets are counted through the adapter
 * (fetchSockets reaches all processes); the last announced value is kept in the database so a
 * change is announced once, whichever process notices it.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly server: RealtimeServer,
    private readonly log: RealtimeEventRepository,
    private readonly publisher: RealtimePublisher,
  ) {}

  private stopped = false;

  /** At shutdown: this process's sockets close with it; other processes keep counting theirs. */
  stop(): void {
    this.stopped = true;
  }

  /** Per user, one refresh at a time in this process, so an older count never overwrites a newer one. */
  private readonly chains = new Map<string, Promise<Presence | null>>();

  refresh(userId: string, memberships: SocketMembership[]): Promise<Presence | null> {
    const previous = this.chains.get(userId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.recount(userId, memberships));
    this.chains.set(userId, next);
    void next.finally(() => {
      if (this.chains.get(userId) === next) this.chains.delete(userId);
    }).catch(() => undefined);
    return next;
  }

  private async recount(userId: string, memberships: SocketMembership[]): Promise<Presence | null> {
    if (this.stopped) return null;
    const io = this.server.server;
    const sockets = io ? await io.in(rooms.user(userId)).fetchSockets() : [];
    const presence: Presence = !sockets.length ? 'offline' : sockets.some((s) => s.data.presence === 'online') ? 'online' : 'away';
    if (await this.log.setPresence(userId, presence)) {
      for (const { workspaceId } of memberships) {
        this.publisher.enqueue({
          kind: 'ready',
          workspaceId,
          rooms: [rooms.workspace(workspaceId)],
          event: { name: 'presence.changed', payload: { workspaceId, userId, presence } },
        });
      }
    }
    return presence;
  }

  /**
   * A process that dies cannot announce its users offline. Any process may run this: it counts the
   * sockets of the whole cluster and announces offline whoever has none left.
   */
  async sweep(graceMs = 5_000): Promise<string[]> {
    const io = this.server.server;
    if (!io || this.stopped) return [];
    const before = new Date(Date.now() - graceMs);
    const connected = new Set((await io.fetchSockets()).map((s) => s.data.userId));
    const gone = await this.log.markGoneOffline([...connected], before);
    for (const { user_id: userId, workspace_ids: workspaceIds } of gone) {
      for (const workspaceId of workspaceIds) {
        this.publisher.enqueue({
          kind: 'ready',
          workspaceId,
          rooms: [rooms.workspace(workspaceId)],
          event: { name: 'presence.changed', payload: { workspaceId, userId, presence: 'offline' } },
        });
      }
    }
    return gone.map((g) => g.user_id);
  }

  async snapshot(workspaceId: string): Promise<Record<string, Presence>> {
    const rows = await this.log.presenceOf(workspaceId);
    return Object.fromEntries(rows.map((r) => [r.user_id, r.presence as Presence]));
  }
}
