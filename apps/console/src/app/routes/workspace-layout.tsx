import { roleAtLeast, type Me, type MembershipSummary, type NotificationEvent } from '@babillard/contracts';
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../components/ui/toaster';
import { useLogout } from '../../features/auth/api/logout';
import { desktopNotify, playChime } from '../../features/settings/hooks/alerts';
import { applyLocale } from '../../lib/i18n';
import { Link, navigate, usePathname } from '../../lib/router';
import { useChannels, useMyTeamIds, useWorkspace, WorkspaceScopeProvider } from '../../lib/session';
import { RealtimeProvider, useRealtime } from '../../lib/socket';
import { LEAD_SCREENS, paths } from '../paths';

interface Props {
  me: Me;
  membership: MembershipSummary;
  children: ReactNode;
}

export function WorkspaceLayout({ me, membership, children }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const teamIds = useMyTeamIds(membership.id, me.id);
  const teamKey = teamIds.join(',');
  const viewer = useMemo(() => ({ userId: me.id, teamIds: teamKey ? teamKey.split(',') : [] }), [me.id, teamKey]);
  const workspaceIds = useMemo(() => me.workspaces.map((w) => w.id), [me.workspaces]);

  useEffect(() => applyLocale(me.locale), [me.locale]);

  const recent = useRef(new Map<string, number>());
  const onNotification = useCallback(
    (e: NotificationEvent) => {
      // One alert per conversation and kind within 10 s (an assignment may arrive as two events).
      const key = `${e.kind}:${e.conversationId ?? e.text}`;
      const now = Date.now();
      if ((recent.current.get(key) ?? 0) > now - 10_000) return;
      recent.current.set(key, now);
      const title = t(`notifications.${e.kind}`);
      const body = e.text || t('notifications.assignedBody');
      playChime();
      toast(`${title} — ${body}`);
      const ws = e.workspaceId;
      desktopNotify(title, body, () => e.conversationId && navigate(paths.inbox(ws, 'mine', e.conversationId)));
    },
    [t, toast],
  );

  return (
    <WorkspaceScopeProvider value={{ workspaceId: membership.id, role: membership.role, me }}>
      <RealtimeProvider viewer={viewer} workspaceIds={workspaceIds} onNotification={onNotification}>
        <a href="#main" className="skip-link">
          {t('common.skipToContent')}
        </a>
        <TopBar me={me} membership={membership} />
        {roleAtLeast(membership.role, 'admin') && <ChannelAlerts workspaceId={membership.id} />}
        {children}
      </RealtimeProvider>
    </WorkspaceScopeProvider>
  );
}

function TopBar({ me, membership }: { me: Me; membership: MembershipSummary }) {
  const { t } = useTranslation();
  const path = usePathname();
  const workspace = useWorkspace(membership.id).data;
  const { state } = useRealtime();
  const logout = useLogout();
  const isLead = roleAtLeast(membership.role, 'lead');
  const inboxPath = paths.inbox(membership.id);

  return (
    <header className="topbar">
      <span className="brand" aria-hidden="true">
        Babillard
      </span>
      {me.workspaces.length > 1 ? (
        <span className="field-inline">
          <label htmlFor="workspace-switch" className="sr-only">
            {t('workspace.switch')}
          </label>
          <select id="workspace-switch" className="workspace-name" value={membership.id} onChange={(e) => navigate(paths.inbox(e.target.value))}>
            {me.workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </span>
      ) : (
        <span className="workspace-name" data-testid="workspace-name">
          {workspace?.name ?? membership.name}
        </span>
      )}
      <nav aria-label={t('nav.main')} className="topnav">
        <Link to={inboxPath} aria-current={path.includes('/inbox/') ? 'page' : undefined}>
          {t('nav.inbox')}
        </Link>
        {isLead &&
          LEAD_SCREENS.map((s) => (
            <Link key={s} to={paths.leads(membership.id, s)} aria-current={path.endsWith(`/leads/${s}`) ? 'page' : undefined}>
              {t(`leads.${s}`)}
            </Link>
          ))}
        <Link to={paths.settings(membership.id)} aria-current={path.endsWith('/settings') ? 'page' : undefined}>
          {t('nav.settings')}
        </Link>
      </nav>
      <span className={`conn conn--${state}`} role="status">
        {t(`connection.${state}`)}
      </span>
      <span className="me">
        {me.name} · {t(`roles.${membership.role}`)}
      </span>
      <button type="button" className="btn btn--small" onClick={() => logout.mutate(undefined, { onSettled: () => navigate(paths.login) })}>
        {t('auth.signOut')}
      </button>
    </header>
  );
}

/** Admins see at once when a platform revoked a channel's token (its replies are held until reconnected). */
function ChannelAlerts({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const broken = (useChannels(workspaceId).data ?? []).filter((c) => c.status === 'needs_reconnect');
  if (!broken.length) return null;
  return (
    <div className="channel-alert" role="alert">
      {broken.map((c) => (
        <span key={c.id}>{t('channels.needsReconnect', { name: c.name })}</span>
      ))}
    </div>
  );
}
