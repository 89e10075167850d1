import { roleAtLeast } from '@babillard/contracts';
import { CannedResponsesEditor } from '../../features/canned-responses/components/canned-responses-editor';
import { SettingsPage } from '../../features/settings/components/settings-page';
import { useWorkspaceScope } from '../../lib/session';

export default function SettingsRoute() {
  const { workspaceId, role } = useWorkspaceScope();
  return (
    <main className="page" id="main">
      <SettingsPage />
      <CannedResponsesEditor workspaceId={workspaceId} canEdit={roleAtLeast(role, 'lead')} />
    </main>
  );
}
