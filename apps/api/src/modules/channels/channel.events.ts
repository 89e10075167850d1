import type { ChannelStatus } from '@babillard/contracts';

/** In-process domain events (EventEmitter2), emitted after the change is stored. */
export const CHANNEL_EVENTS = {
  statusChanged: 'channel.status_changed',
} as const;

export interface ChannelStatusChangedEvent {
  workspaceId: string;
  channelId: string;
  status: ChannelStatus;
}
