import { QUEUE_VIEWS, type ConversationCounts, type QueueView } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import { Link } from '../../../lib/router';

export function ViewNav(props: { current: QueueView; counts: ConversationCounts | undefined; hrefFor: (view: QueueView) => string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('inbox.views')} className="views">
      <ul>
        {QUEUE_VIEWS.map((view) => (
          <li key={view}>
            <Link to={props.hrefFor(view)} aria-current={props.current === view ? 'page' : undefined} className={`views__item views__item--${view}`}>
              <span>{t(`views.${view}`)}</span>
              <span className="count" aria-label={t('inbox.countLabel', { count: props.counts?.[view] ?? 0 })}>
                {props.counts ? formatNumber(props.counts[view]) : '–'}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
