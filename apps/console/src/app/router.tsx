import { QUEUE_VIEWS, type QueueView } from '@babillard/contracts';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { matchPath, navigate, usePathname } from '../lib/router';
import { useMe, useSession } from '../lib/session';
import { LEAD_SCREENS, paths, type LeadScreen } from './paths';
import { InboxRoute } from './routes/inbox';
import { LoginRoute } from './routes/login';
import { WorkspaceLayout } from './routes/workspace-layout';

// Screens off the agents' daily path load on demand, outside the first-load budget.
const SettingsRoute = lazy(() => import('./routes/settings'));
const LeadsPlaceholderRoute = lazy(() => import('./routes/leads-placeholder'));

const LAST_WORKSPACE = 'babillard.workspace';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function AppRouter() {
  const { t } = useTranslation();
  const path = usePathname();
  const session = useSession();
  const me = useMe();

  if (!session) return path === paths.login ? <LoginRoute /> : <Redirect to={paths.login} />;
  if (me.isError) return <p role="alert" className="page-message">{me.error.message}</p>;
  if (!me.data) return <p className="page-message">{t('common.loading')}</p>;

  const workspaces = me.data.workspaces;
  const remembered = localStorage.getItem(LAST_WORKSPACE);
  const fallback = workspaces.find((w) => w.id === remembered) ?? workspaces[0];
  if (!fallback) return <p className="page-message">{t('workspace.none')}</p>;

  const scoped = matchPath('/w/:workspaceId/*', path);
  const membership = scoped && workspaces.find((w) => w.id === scoped.workspaceId);
  if (!scoped || !membership) return <Redirect to={paths.inbox(fallback.id)} />;
  localStorage.setItem(LAST_WORKSPACE, membership.id);

  const inbox = matchPath('/w/:workspaceId/inbox/:view/:conversationId?', path);
  const leads = matchPath('/w/:workspaceId/leads/:screen', path);
  let page;
  if (inbox && QUEUE_VIEWS.includes(inbox.view as QueueView)) {
    page = <InboxRoute view={inbox.view as QueueView} conversationId={inbox.conversationId ?? null} />;
  } else if (matchPath('/w/:workspaceId/settings', path)) {
    page = <SettingsRoute />;
  } else if (leads && LEAD_SCREENS.includes(leads.screen as LeadScreen)) {
    page = <LeadsPlaceholderRoute screen={leads.screen as LeadScreen} />;
  } else {
    return <Redirect to={paths.inbox(membership.id)} />;
  }
  return (
    <WorkspaceLayout me={me.data} membership={membership}>
      <Suspense fallback={<p className="page-message">{t('common.loading')}</p>}>{page}</Suspense>
    </WorkspaceLayout>
  );
}
