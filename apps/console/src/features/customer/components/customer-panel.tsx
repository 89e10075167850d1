import type { Conversation, ConversationDetail, Message } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';
import { PlatformBadge } from '../../../components/ui/platform-badge';
import { SafeText } from '../../../components/ui/safe-text';
import { formatCompact, formatDateTime, formatNumber } from '../../../lib/format';

interface Props {
  conversation: ConversationDetail;
  notes: Message[];
  onOpenConversation: (c: Conversation) => void;
}

/** Who the customer is across platforms, their reach, their other threads and the team's notes. */
export function CustomerPanel({ conversation: c, notes, onOpenConversation }: Props) {
  const { t } = useTranslation();
  const name = c.contact.name ?? c.contact.handle ?? t('customer.unknown');
  return (
    <aside className="customer" aria-labelledby="customer-title">
      <h2 id="customer-title">{name}</h2>
      <div className="customer__badges">
        {c.contact.verified && <span className="chip">{t('customer.verified')}</span>}
        {c.contact.vip && <span className="chip chip--prio-high">{t('customer.vip')}</span>}
      </div>
      {c.contact.followers !== null && (
        <p title={formatNumber(c.contact.followers)}>{t('customer.followers', { count: c.contact.followers, formatted: formatCompact(c.contact.followers) })}</p>
      )}

      <h3>{t('customer.identities')}</h3>
      {c.identities.length ? (
        <ul className="plain">
          {c.identities.map((i) => (
            <li key={i.id} className="identity">
              <PlatformBadge platform={i.platform} />
              <span>{i.displayName ?? i.handle ?? i.externalId}</span>
              {i.handle && <span className="muted"> @{i.handle.replace(/^@/, '')}</span>}
              {i.followers !== null && <span className="muted"> · {formatCompact(i.followers)}</span>}
              {i.verified && <span aria-label={t('customer.verified')}> ✔</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('customer.noIdentities')}</p>
      )}

      <h3>{t('customer.otherConversations')}</h3>
      {c.otherConversations.length ? (
        <ul className="plain">
          {c.otherConversations.map((o) => (
            <li key={o.id}>
              <button type="button" className="btn btn--link other" onClick={() => onOpenConversation(o)}>
                <PlatformBadge platform={o.platform} kind={o.kind} /> {t(`kind.${o.kind}`)} · {t(`status.${o.status}`)} ·{' '}
                <span className="muted">{formatDateTime(o.lastActivityAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('customer.noOtherConversations')}</p>
      )}

      <h3>{t('customer.notes')}</h3>
      {notes.length ? (
        <ul className="plain notes">
          {notes.map((n) => (
            <li key={n.id}>
              <SafeText text={n.text} />
              <div className="muted small">
                {n.author.name} · {formatDateTime(n.createdAt)}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('customer.noNotes')}</p>
      )}
    </aside>
  );
}
