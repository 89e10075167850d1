import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../lib/realtime-cache';

/** "Marie is replying" — shown before an agent writes over a colleague. */
export function CollisionBanner({ activity }: { activity: Activity[] }) {
  const { t } = useTranslation();
  const typing = activity.filter((a) => a.typing);
  const viewing = activity.filter((a) => a.viewing && !a.typing);
  if (!typing.length && !viewing.length) return null;
  return (
    <div className={`collision${typing.length ? ' collision--typing' : ''}`} role="status" aria-live="polite">
      {typing.map((a) => (
        <span key={a.userId} data-testid="collision-typing">
          {a.mode === 'note' ? t('collision.writingNote', { name: a.userName }) : t('collision.replying', { name: a.userName })}
        </span>
      ))}
      {viewing.length > 0 && <span>{t('collision.viewing', { names: viewing.map((a) => a.userName).join(', '), count: viewing.length })}</span>}
    </div>
  );
}
