import { useEffect } from 'react';
import { useRealtime } from '../../../lib/socket';

const HEARTBEAT_MS = 5000;

/** Tells colleagues this agent has the conversation open, refreshed so it expires if the tab dies. */
export function useViewingSignal(workspaceId: string, conversationId: string | null) {
  const { emitViewing, state } = useRealtime();
  useEffect(() => {
    if (!conversationId || state !== 'online') return;
    emitViewing(workspaceId, conversationId, true);
    const id = setInterval(() => emitViewing(workspaceId, conversationId, true), HEARTBEAT_MS);
    return () => {
      clearInterval(id);
      emitViewing(workspaceId, conversationId, false);
    };
  }, [workspaceId, conversationId, emitViewing, state]);
}
