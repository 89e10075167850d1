import { PRESENCES, type Presence, type WorkspaceUser } from '@babillard/contracts';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtime } from '../../../lib/socket';
import { usePresence } from '../api/get-presence';

/** The colleagues of this workspace, online first, each with their live presence. */
export function PresenceList({ workspaceId, meId, users }: { workspaceId: string; meId: string; users: WorkspaceUser[] }) {
  const { t } = useTranslation();
  const presence = usePresence(workspaceId);
  const { state } = useRealtime();
  const { refetch } = presence;
  // Presence changes are not replayed after a reconnect: ask again.
  const wasOnline = useRef(false);
  useEffect(() => {
    if (state !== 'online') return;
    if (wasOnline.current) void refetch();
    wasOnline.current = true;
  }, [state, refetch]);

  const colleagues = useMemo(() => {
    const of = (id: string): Presence => presence.data?.[id] ?? 'offline';
    return users
      .filter((u) => u.id !== meId)
      .map((u) => ({ ...u, presence: of(u.id) }))
      .sort((a, b) => PRESENCES.indexOf(a.presence) - PRESENCES.indexOf(b.presence) || a.name.localeCompare(b.name));
  }, [users, meId, presence.data]);

  if (!colleagues.length) return null;
  return (
    <section className="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" className="presence__title">
        {t('presence.title')}
      </h2>
      <ul className="plain">
        {colleagues.map((u) => (
          <li key={u.id} className={`presence__item presence--${u.presence}`} data-testid={`presence-${u.id}`} data-presence={u.presence}>
            <span className="presence__dot" aria-hidden="true" />
            <span className="presence__name">{u.name}</span>
            <span className="sr-only">, </span>
            <span className="presence__state">{t(`presence.${u.presence}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
