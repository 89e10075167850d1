import type { ClientToServerEvents, EventEnvelope, ServerEventName, ServerToClientEvents } from '@babillard/contracts';
import { Injectable } from '@nestjs/common';
import type { BroadcastOperator, Server, Socket } from 'socket.io';
import type { SocketData } from './socket-identity';

export type BabillardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type BabillardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** An event as it leaves: its contract name and payload, envelope included. */
export interface OutgoingEvent {
  name: ServerEventName;
  payload: EventEnvelope;
}

/** The socket.io server, once the gateway has it: publishers and services emit through here. */
@Injectable()
export class RealtimeServer {
  private io: BabillardServer | null = null;

  attach(io: BabillardServer): void {
    this.io = io;
  }

  get server(): BabillardServer | null {
    return this.io;
  }

  /** Sends to every socket in any of the rooms, on every process (through the adapter). */
  emit(roomNames: string[], event: OutgoingEvent): void {
    if (!this.io || !roomNames.length) return;
    send(this.io.to(roomNames), event);
  }
}

/**
 * Payload types are checked where each event is built (see realtime-publisher.ts); the name/payload
 * pair is a union TypeScript cannot narrow through socket.io's emit signature.
 */
export function send(target: BroadcastOperator<ServerToClientEvents, SocketData> | BabillardSocket['broadcast'], event: OutgoingEvent): void {
  (target as unknown as { emit(name: string, payload: EventEnvelope): void }).emit(event.name, event.payload);
}
