import type { ConversationDetail } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';
import { PlatformBadge } from '../../../components/ui/platform-badge';
import { formatCompact } from '../../../lib/format';

export function ConversationHeader({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  const name = c.contact.name ?? c.contact.handle ?? t('customer.unknown');
  return (
    <header className="conv-head">
      <PlatformBadge platform={c.platform} kind={c.kind} />
      <div>
        <h2 id="conversation-title">{name}</h2>
        <p className="muted">
          {c.contact.handle && <span>@{c.contact.handle.replace(/^@/, '')} · </span>}
          {c.contact.followers !== null && <span>{t('customer.followers', { count: c.contact.followers, formatted: formatCompact(c.contact.followers) })} · </span>}
          <span>{t(`kind.${c.kind}`)}</span>
        </p>
      </div>
      <span className={`chip chip--status-${c.status}`} data-testid="conversation-status">
        {t(`status.${c.status}`)}
      </span>
    </header>
  );
}
