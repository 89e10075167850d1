import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { realtimeKeys, type Activity } from '../../../lib/realtime-cache';

/** Colleagues viewing or typing in a conversation right now (expired signals dropped). */
export function useActivity(workspaceId: string, conversationId: string | null): Activity[] {
  const key = realtimeKeys.activity(workspaceId, conversationId ?? '');
  const { data } = useQuery<Activity[]>({ queryKey: key, queryFn: () => [], staleTime: Infinity, enabled: conversationId !== null });
  const [now, setNow] = useState(() => Date.now());
  const live = (data ?? []).filter((a) => a.expiresAt > now);
  const hasAny = (data ?? []).length > 0;
  useEffect(() => {
    if (!hasAny) return;
    const id = setInterval(() => setNow(Date.now()), 2000);
    return () => clearInterval(id);
  }, [hasAny]);
  return live;
}
