import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  type ClientToServerEvents,
  type EventEnvelope,
  type NotificationEvent,
  type ServerEventName,
  type ServerToClientEvents,
} from '@babillard/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api } from './api-client';
import { authStore } from './auth-store';
import type { Viewer } from './queue';
import { RealtimeCache } from './realtime-cache';

export type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionState = 'connecting' | 'online' | 'offline';

interface RealtimeContextValue {
  state: ConnectionState;
  emitTyping(workspaceId: string, conversationId: string, typing: boolean, mode: 'reply' | 'note'): void;
  emitViewing(workspaceId: string, conversationId: string, viewing: boolean): void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  state: 'offline',
  emitTyping: () => undefined,
  emitViewing: () => undefined,
});

export const useRealtime = () => useContext(RealtimeContext);

const REPLAY_TIMEOUT_MS = 5000;

/**
 * After a reconnect, asks the server for what this console missed, per workspace. When the server
 * cannot replay everything (or does not answer) the workspace's queries are refetched instead.
 */
export function catchUp(socket: ConsoleSocket, cache: RealtimeCache, workspaceIds: readonly string[]): void {
  for (const workspaceId of workspaceIds) {
    const since = cache.sequences().get(workspaceId);
    if (since === undefined) {
      cache.invalidateWorkspace(workspaceId);
      continue;
    }
    socket.timeout(REPLAY_TIMEOUT_MS).emit(CLIENT_EVENTS.replay, { workspaceId, since }, (err: Error | null, res?: { events: { name: ServerEventName; payload: EventEnvelope }[]; complete: boolean; seq?: number }) => {
      if (err || !res) return cache.invalidateWorkspace(workspaceId);
      for (const e of res.events) cache.receive(e.name, e.payload);
      cache.flush();
      if (!res.complete) cache.invalidateWorkspace(workspaceId);
      else if (typeof res.seq === 'number') cache.advanceTo(workspaceId, res.seq);
    });
  }
}

/** Above any sequence a workspace will reach: a replay from there returns no event, only the latest sequence. */
const BEYOND_LATEST = 2 ** 31 - 1;

/**
 * At the first connection, learns each workspace's latest sequence (the data on screen was just
 * fetched), so that a later reconnect can replay what was missed instead of refetching everything.
 */
export function takeBaseline(socket: ConsoleSocket, cache: RealtimeCache, workspaceIds: readonly string[]): void {
  for (const workspaceId of workspaceIds) {
    if (cache.sequences().get(workspaceId) !== undefined) continue;
    socket.timeout(REPLAY_TIMEOUT_MS).emit(CLIENT_EVENTS.replay, { workspaceId, since: BEYOND_LATEST }, (err: Error | null, res?: { seq?: number }) => {
      if (!err && res && typeof res.seq === 'number' && res.seq > 0) cache.advanceTo(workspaceId, res.seq);
    });
  }
}

/** One socket per console: authenticates with the current access token, feeds the cache, replays on reconnect. */
export function RealtimeProvider(props: {
  viewer: Viewer | null;
  workspaceIds: readonly string[];
  onNotification?: (e: NotificationEvent) => void;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  const socketRef = useRef<ConsoleSocket | null>(null);
  const viewerRef = useRef(props.viewer);
  const notifyRef = useRef(props.onNotification);
  const workspacesRef = useRef(props.workspaceIds);
  viewerRef.current = props.viewer;
  notifyRef.current = props.onNotification;
  workspacesRef.current = props.workspaceIds;
  const enabled = props.viewer !== null;

  useEffect(() => {
    if (!enabled) return;
    const cache = new RealtimeCache({ queryClient, viewer: () => viewerRef.current, onNotification: (e) => notifyRef.current?.(e) });
    const socket: ConsoleSocket = io({
      auth: (cb) => cb({ token: authStore.get()?.accessToken ?? '' }),
      transports: ['websocket', 'polling'],
    });
    socketRef.current = socket;
    let connectedOnce = false;
    let retryDelay = 1000;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    socket.on('connect', () => {
      setState('online');
      retryDelay = 1000;
      if (connectedOnce) catchUp(socket, cache, workspacesRef.current);
      else takeBaseline(socket, cache, workspacesRef.current);
      connectedOnce = true;
    });
    socket.on('disconnect', () => setState('offline'));
    // A refused handshake (usually an expired access token) is not retried by socket.io: refresh the
    // session through any authenticated request, then reconnect, backing off up to 30 s.
    socket.on('connect_error', () => {
      setState('offline');
      if (socket.active || retryTimer) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void api
          .get('/me')
          .catch(() => undefined)
          .finally(() => authStore.get() && socket.connect());
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30_000);
    });
    for (const name of Object.values(SERVER_EVENTS)) {
      socket.on(name as keyof ServerToClientEvents, ((payload: EventEnvelope) => cache.receive(name, payload)) as never);
    }
    return () => {
      if (retryTimer) clearTimeout(retryTimer);
      socket.disconnect();
      cache.dispose();
      socketRef.current = null;
    };
  }, [enabled, queryClient]);

  const value = useMemo<RealtimeContextValue>(
    () => ({
      state,
      emitTyping: (workspaceId, conversationId, typing, mode) => socketRef.current?.emit(CLIENT_EVENTS.typing, { workspaceId, conversationId, typing, mode }),
      emitViewing: (workspaceId, conversationId, viewing) => socketRef.current?.emit(CLIENT_EVENTS.viewing, { workspaceId, conversationId, viewing }),
    }),
    [state],
  );
  return <RealtimeContext.Provider value={value}>{props.children}</RealtimeContext.Provider>;
}
