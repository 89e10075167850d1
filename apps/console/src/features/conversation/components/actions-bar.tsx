import {
  CONVERSATION_STATUSES,
  PRIORITIES,
  type ConversationDetail,
  type Team,
  type UpdateConversationRequest,
  type WorkspaceUser,
} from '@babillard/contracts';
import { forwardRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../../components/ui/date-time-field';
import { inAnHour } from '../../../lib/date-options';
import { useNow } from '../../../lib/use-now';

interface Props {
  conversation: ConversationDetail;
  meId: string;
  users: WorkspaceUser[];
  teams: Team[];
  onChange: (body: UpdateConversationRequest) => void;
  busy: boolean;
}

/** Assign, team, priority, status, labels and snooze. The assignee select is exposed for the `a` shortcut. */
export const ActionsBar = forwardRef<HTMLSelectElement, Props>(function ActionsBar({ conversation: c, meId, users, teams, onChange, busy }, assigneeRef) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const now = useNow();
  const [snoozeUntil, setSnoozeUntil] = useState(() => inAnHour(new Date()));

  const addLabel = (e: FormEvent) => {
    e.preventDefault();
    const value = label.trim();
    if (value && !c.labels.includes(value)) onChange({ labels: [...c.labels, value] });
    setLabel('');
  };

  return (
    <section className="actions" aria-label={t('actions.title')}>
      <div className="actions__row">
        <button type="button" className="btn" disabled={busy || c.assigneeId === meId} onClick={() => onChange({ assigneeId: meId })}>
          {t('actions.assignToMe')}
        </button>
        <span className="field-inline">
          <label htmlFor="act-assignee">{t('actions.assignee')}</label>
          <select id="act-assignee" ref={assigneeRef} value={c.assigneeId ?? ''} disabled={busy} onChange={(e) => onChange({ assigneeId: e.target.value || null })}>
            <option value="">{t('inbox.unassigned')}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
                {u.availability !== 'available' ? ` (${t(`availability.${u.availability}`)})` : ''}
              </option>
            ))}
          </select>
        </span>
        <span className="field-inline">
          <label htmlFor="act-team">{t('actions.team')}</label>
          <select id="act-team" value={c.teamId ?? ''} disabled={busy} onChange={(e) => onChange({ teamId: e.target.value || null })}>
            <option value="">{t('actions.noTeam')}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </select>
        </span>
        <span className="field-inline">
          <label htmlFor="act-priority">{t('filters.priority')}</label>
          <select id="act-priority" value={c.priority} disabled={busy} onChange={(e) => onChange({ priority: e.target.value as (typeof PRIORITIES)[number] })}>
            {[...PRIORITIES].reverse().map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </span>
        <span className="field-inline">
          <label htmlFor="act-status">{t('filters.status')}</label>
          <select
            id="act-status"
            value={c.status}
            disabled={busy}
            onChange={(e) => {
              const status = e.target.value as (typeof CONVERSATION_STATUSES)[number];
              onChange(status === 'snoozed' ? { status, snoozedUntil: snoozeUntil.toISOString() } : { status });
            }}
          >
            {CONVERSATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </span>
        <button type="button" className="btn btn--primary" disabled={busy || c.status === 'resolved'} onClick={() => onChange({ status: 'resolved' })}>
          {t('actions.resolve')}
        </button>
      </div>
      <div className="actions__row">
        <ul className="labels" aria-label={t('actions.labels')}>
          {c.labels.map((l) => (
            <li key={l} className="chip">
              {l}
              <button type="button" className="chip__remove" aria-label={t('actions.removeLabel', { label: l })} onClick={() => onChange({ labels: c.labels.filter((x) => x !== l) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={addLabel} className="field-inline">
          <label htmlFor="act-label">{t('actions.addLabel')}</label>
          <input id="act-label" value={label} onChange={(e) => setLabel(e.target.value)} size={12} />
        </form>
        <span className="field-inline">
          <DateTimeField label={t('actions.snoozeUntil')} value={snoozeUntil} min={new Date(now)} onChange={setSnoozeUntil} disabled={busy} />
          <button
            type="button"
            className="btn"
            disabled={busy || snoozeUntil.getTime() <= now}
            onClick={() => onChange({ status: 'snoozed', snoozedUntil: snoozeUntil.toISOString() })}
          >
            {t('actions.snooze')}
          </button>
        </span>
      </div>
    </section>
  );
});
