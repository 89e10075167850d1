import type { EventEnvelope, ServerEventName } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import { RealtimeEventRepository } from './realtime-event.repository';
import type { BabillardSocket } from './realtime-server';

const REPLAY_LIMIT = 1000;

export interface ReplayAnswer {
  events: { name: ServerEventName; payload: EventEnvelope }[];
  /** false: more was missed than returned (or it is no longer kept); refetch instead. */
  complete: boolean;
  /** The workspace's latest sequence. */
  seq: number;
}

/** What a reconnecting console missed, limited to the rooms its socket is in. */
@Injectable()
export class ReplayService {
  constructor(private readonly log: RealtimeEventRepository) {}

  async replay(socket: BabillardSocket, workspaceId: string, since: number): Promise<ReplayAnswer> {
    if (!socket.data.memberships.some((m) => m.workspaceId === workspaceId)) return { events: [], complete: false, seq: 0 };
    const { events, latest, oldest } = await this.log.after(workspaceId, since, [...socket.rooms], REPLAY_LIMIT);
    // Seqs are contiguous per workspace: a hole before the oldest kept one was pruned; a since beyond latest is from another database.
    const pruned = (oldest !== null && since + 1 < oldest && since < latest) || since > latest;
    return {
      events: events.map((e) => ({ name: e.name as ServerEventName, payload: { ...e.payload, workspaceId, seq: e.seq } })),
      complete: events.length < REPLAY_LIMIT && !pruned,
      seq: latest,
    };
  }
}
