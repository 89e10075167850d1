import { useCallback, useEffect, useRef } from 'react';
import { useRealtime } from '../../../lib/socket';

const REFRESH_MS = 3000;
const IDLE_MS = 4000;

/** Emits typing on keystrokes (at most every 3 s) and stops after 4 s idle, on send or on leaving. */
export function useTypingSignal(workspaceId: string, conversationId: string, mode: 'reply' | 'note') {
  const { emitTyping } = useRealtime();
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const active = useRef(false);

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (active.current) emitTyping(workspaceId, conversationId, false, mode);
    active.current = false;
    lastSent.current = 0;
  }, [emitTyping, workspaceId, conversationId, mode]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (!active.current || now - lastSent.current > REFRESH_MS) {
      emitTyping(workspaceId, conversationId, true, mode);
      lastSent.current = now;
      active.current = true;
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  }, [emitTyping, workspaceId, conversationId, mode, stop]);

  useEffect(() => stop, [stop]);
  return { typed, stop };
}
