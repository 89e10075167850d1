import type { Conversation } from '@babillard/contracts';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { PlatformBadge } from '../../../components/ui/platform-badge';
import { formatDuration } from '../../../lib/format';

interface Props {
  conversation: Conversation;
  now: number;
  selected: boolean;
  assigneeName: string | null;
}

/** One queue row. Customer text is rendered as a React text node: never parsed as HTML. */
export const ConversationRow = memo(function ConversationRow({ conversation: c, now, selected, assigneeName }: Props) {
  const { t } = useTranslation();
  const name = c.contact.name ?? c.contact.handle ?? t('customer.unknown');
  const excerpt = c.lastMessage?.text ?? '';
  const waiting = c.waitingSince ? now - Date.parse(c.waitingSince) : null;
  const slaLeft = c.slaDueAt ? Date.parse(c.slaDueAt) - now : null;
  const unread = c.unreadCount > 0;
  return (
    <div className={`row${selected ? ' row--selected' : ''}${unread ? ' row--unread' : ''}`}>
      <div className="row__top">
        <PlatformBadge platform={c.platform} kind={c.kind} />
        <span className="row__kind">{t(`kind.${c.kind}`)}</span>
        <span className="row__contact">{name}</span>
        {c.crisisId && <span className="chip chip--crisis">{t('crisis.short')}</span>}
        <span className={`chip chip--prio-${c.priority}`}>{t(`priority.${c.priority}`)}</span>
      </div>
      <div className="row__excerpt">
        {c.lastMessage?.direction === 'outbound' && <span className="muted">{t('inbox.you')} </span>}
        {excerpt}
      </div>
      <div className="row__meta">
        {waiting !== null && <span title={t('inbox.waiting')}>{t('inbox.waitingFor', { duration: formatDuration(waiting) })}</span>}
        {slaLeft !== null && (
          <span className={slaLeft < 0 ? 'sla sla--breached' : slaLeft < 15 * 60_000 ? 'sla sla--soon' : 'sla'}>
            {slaLeft < 0 ? t('sla.overdue', { duration: formatDuration(slaLeft) }) : t('sla.dueIn', { duration: formatDuration(slaLeft) })}
          </span>
        )}
        <span className="row__assignee">{assigneeName ?? t('inbox.unassigned')}</span>
        {unread && (
          <span className="unread" aria-label={t('inbox.unread', { count: c.unreadCount })}>
            {c.unreadCount}
          </span>
        )}
      </div>
    </div>
  );
});
