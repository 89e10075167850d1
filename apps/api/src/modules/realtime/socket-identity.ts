import type { Presence, Role } from '@babillard/contracts';

export interface SocketMembership {
  workspaceId: string;
  role: Role;
  teamIds: string[];
}

/** What the handshake established, kept on `socket.data` (also visible to other processes through fetchSockets). */
export interface SocketData {
  userId: string;
  userName: string;
  memberships: SocketMembership[];
  presence: Exclude<Presence, 'offline'>;
  /** Conversations this socket is typing in, so a closing tab clears its indicator. */
  typingIn: string[];
  /** Conversation id → workspace id of the conversations whose room this socket joined (checked once). */
  joined?: Record<string, string>;
}
