import { useTranslation } from 'react-i18next';
import type { LeadScreen } from '../paths';

/** Room for the team leads' screens (workload board, rules editor, SLA settings), built in a later issue. */
export default function LeadsPlaceholderRoute({ screen }: { screen: LeadScreen }) {
  const { t } = useTranslation();
  return (
    <main className="page" id="main">
      <h1>{t(`leads.${screen}`)}</h1>
      <p className="muted">{t('leads.comingSoon')}</p>
    </main>
  );
}
