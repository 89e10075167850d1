import type { CrisisIncidentSummary } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatTime } from '../../../lib/format';

interface Props {
  incidents: CrisisIncidentSummary[];
  /** Open crisis threads per the counts (covers incidents opened before this console started). */
  crisisCount: number;
  onShowThreads: () => void;
  onOpenConversation: (id: string) => void;
}

export function CrisisBanner({ incidents, crisisCount, onShowThreads, onOpenConversation }: Props) {
  const { t } = useTranslation();
  if (!incidents.length && crisisCount <= 0) return null;
  return (
    <div className="crisis-banner" role="alert">
      <strong>{t('crisis.banner')}</strong>
      {incidents.map((i) => (
        <span key={i.id} className="crisis-banner__incident">
          {i.title} — <span className="muted-inverse">{formatTime(i.openedAt)}</span> · {t('crisis.threads', { count: i.conversationIds.length })}
          {i.conversationIds.slice(0, 3).map((id, n) => (
            <button key={id} type="button" className="btn btn--link-inverse" onClick={() => onOpenConversation(id)}>
              {t('crisis.thread', { n: n + 1 })}
            </button>
          ))}
        </span>
      ))}
      {!incidents.length && <span>{t('crisis.openThreads', { count: crisisCount, formatted: formatNumber(crisisCount) })}</span>}
      <button type="button" className="btn btn--inverse" onClick={onShowThreads}>
        {t('crisis.show')}
      </button>
    </div>
  );
}
