import type { Message } from '@babillard/contracts';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { ExternalLink, SafeText } from '../../../components/ui/safe-text';
import { formatDateTime, formatTime } from '../../../lib/format';

interface Props {
  message: Message;
  onRetry?: (message: Message) => void;
  retrying?: boolean;
  /** Given to leads: releases a reply held on a crisis thread. */
  onApprove?: (message: Message) => void;
}

export const MessageBubble = memo(function MessageBubble({ message: m, onRetry, retrying, onApprove }: Props) {
  const { t } = useTranslation();
  const author = m.author.name ?? m.author.handle ?? t(m.direction === 'inbound' ? 'customer.unknown' : 'message.team');
  return (
    <article className={`msg msg--${m.direction}`} aria-label={t(`message.direction.${m.direction}`, { author })} data-message-id={m.id}>
      <header className="msg__head">
        <span className="msg__author">{author}</span>
        {m.direction === 'note' && <span className="chip chip--note">{t('message.note')}</span>}
        <time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>
          {formatTime(m.createdAt)}
        </time>
      </header>
      {m.deletedAt ? (
        <p className="msg__text muted">{t('message.deleted')}</p>
      ) : (
        <p className="msg__text">
          <SafeText text={m.text} />
        </p>
      )}
      {m.attachments.length > 0 && (
        <ul className="msg__attachments">
          {m.attachments.map((a, i) => (
            <li key={i}>{a.url ? <ExternalLink href={a.url}>{a.name ?? a.type}</ExternalLink> : (a.name ?? a.type)}</li>
          ))}
        </ul>
      )}
      {m.awaitingApproval && (
        <p className="msg__approval">
          <span className="chip chip--prio-high">{t('message.awaitingApproval')}</span>
          {onApprove && (
            <button type="button" className="btn btn--small" onClick={() => onApprove(m)}>
              {t('message.approve')}
            </button>
          )}
        </p>
      )}
      {m.direction === 'outbound' && m.deliveryStatus && (
        <footer className={`msg__status status--${m.deliveryStatus}`} data-delivery-status={m.deliveryStatus}>
          <span>{t(`delivery.${m.deliveryStatus}`)}</span>
          {m.deliveryStatus === 'failed' && (
            <>
              {m.error && <span className="msg__error">{m.error}</span>}
              {onRetry && (
                <button type="button" className="btn btn--small" disabled={retrying} onClick={() => onRetry(m)}>
                  {t('delivery.retry')}
                </button>
              )}
            </>
          )}
        </footer>
      )}
    </article>
  );
});
