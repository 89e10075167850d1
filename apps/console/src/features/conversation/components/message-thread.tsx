import type { Message } from '@babillard/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { MessageBubble } from './message-bubble';

/** The thread, oldest at the top, following new messages when the agent is at the bottom. */
export function MessageThread(props: {
  messages: Message[];
  isLoading: boolean;
  hasOlder: boolean;
  loadOlder: () => void;
  onRetry: (m: Message) => void;
  onApprove?: (m: Message) => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const count = props.messages.length;
  useEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  return (
    <div
      ref={ref}
      className="thread"
      role="log"
      aria-live="polite"
      aria-label={t('conversation.thread')}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {props.hasOlder && (
        <button type="button" className="btn btn--link" onClick={props.loadOlder}>
          {t('conversation.loadOlder')}
        </button>
      )}
      {props.isLoading && <p className="muted">{t('common.loading')}</p>}
      {props.messages.map((m) => (
        <MessageBubble key={m.id} message={m} onRetry={props.onRetry} onApprove={props.onApprove} />
      ))}
    </div>
  );
}
