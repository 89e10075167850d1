import { CONVERSATION_STATUSES, PRIORITIES, type ConversationStatus, type Priority, type Team, type WorkspaceUser } from '@babillard/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeField } from '../../../components/ui/date-time-field';
import { inAnHour } from '../../../lib/date-options';
import { formatNumber } from '../../../lib/format';
import type { BulkAction } from '../api/bulk-update';

const NONE = '__none';

interface Props {
  /** Rows shown in the list (what "select all" takes). */
  total: number;
  selected: number;
  allChecked: boolean;
  onToggleAll: () => void;
  onClear: () => void;
  meId: string;
  users: WorkspaceUser[];
  teams: Team[];
  onApply: (action: BulkAction) => void;
  busy: boolean;
}

/**
 * Above the queue: the select-all box, and once rows are checked, the actions applied to all of
 * them at once (assignee, team, status, priority, labels). Each menu applies on choice, then resets.
 */
export function BulkBar(props: Props) {
  const { t } = useTranslation();
  const allRef = useRef<HTMLInputElement>(null);
  const [label, setLabel] = useState('');
  const [snoozing, setSnoozing] = useState<Date | null>(null);
  const some = props.selected > 0;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some && !props.allChecked;
  }, [some, props.allChecked]);
  useEffect(() => {
    if (!some) setSnoozing(null);
  }, [some]);

  const apply = (action: BulkAction) => props.onApply(action);
  const onLabel = (e: FormEvent, kind: 'addLabel' | 'removeLabel') => {
    e.preventDefault();
    const value = label.trim();
    if (!value) return;
    apply(kind === 'addLabel' ? { addLabel: value } : { removeLabel: value });
    setLabel('');
  };

  return (
    <div className="bulk" role="region" aria-label={t('bulk.title')}>
      <div className="bulk__head">
        <label className="bulk__all">
          <input ref={allRef} type="checkbox" checked={props.allChecked} disabled={!props.total} onChange={props.onToggleAll} />
          <span className="sr-only">{t('bulk.selectAll', { count: props.total, formatted: formatNumber(props.total) })}</span>
        </label>
        {some ? (
          <>
            <strong role="status" data-testid="bulk-count">
              {t('bulk.selected', { count: props.selected, formatted: formatNumber(props.selected) })}
            </strong>
            <button type="button" className="btn btn--link small" onClick={props.onClear}>
              {t('bulk.clear')}
            </button>
          </>
        ) : (
          <span className="muted small" aria-hidden="true">
            {t('bulk.hint')}
          </span>
        )}
      </div>
      {some && (
        <div className="bulk__actions">
          <Menu id="bulk-assignee" label={t('bulk.assign')} placeholder={t('actions.assignee')} disabled={props.busy} onPick={(v) => apply({ set: { assigneeId: v === NONE ? null : v } })}
            options={[[props.meId, t('bulk.me')], [NONE, t('inbox.unassigned')], ...props.users.filter((u) => u.id !== props.meId).map((u): [string, string] => [u.id, u.name])]} />
          <Menu id="bulk-team" label={t('bulk.team')} placeholder={t('actions.team')} disabled={props.busy} onPick={(v) => apply({ set: { teamId: v === NONE ? null : v } })}
            options={[...props.teams.map((tm): [string, string] => [tm.id, tm.name]), [NONE, t('actions.noTeam')]]} />
          <Menu id="bulk-status" label={t('bulk.status')} placeholder={t('filters.status')} disabled={props.busy}
            onPick={(v) => (v === 'snoozed' ? setSnoozing(inAnHour(new Date())) : apply({ set: { status: v as ConversationStatus } }))}
            options={CONVERSATION_STATUSES.map((s) => [s, t(`status.${s}`)])} />
          <Menu id="bulk-priority" label={t('bulk.priority')} placeholder={t('filters.priority')} disabled={props.busy} onPick={(v) => apply({ set: { priority: v as Priority } })}
            options={[...PRIORITIES].reverse().map((p) => [p, t(`priority.${p}`)])} />
          <form className="field-inline" onSubmit={(e) => onLabel(e, 'addLabel')}>
            <label htmlFor="bulk-label">{t('bulk.label')}</label>
            <input id="bulk-label" value={label} size={10} maxLength={50} onChange={(e) => setLabel(e.target.value)} />
            <button type="submit" className="btn btn--small" disabled={props.busy || !label.trim()}>
              {t('bulk.addLabel')}
            </button>
            <button type="button" className="btn btn--small" disabled={props.busy || !label.trim()} onClick={(e) => onLabel(e, 'removeLabel')}>
              {t('bulk.removeLabel')}
            </button>
          </form>
          {snoozing && (
            <span className="field-inline">
              <DateTimeField label={t('actions.snoozeUntil')} value={snoozing} min={new Date()} onChange={setSnoozing} disabled={props.busy} />
              <button
                type="button"
                className="btn btn--small"
                disabled={props.busy}
                onClick={() => {
                  apply({ set: { status: 'snoozed', snoozedUntil: snoozing.toISOString() } });
                  setSnoozing(null);
                }}
              >
                {t('actions.snooze')}
              </button>
            </span>
          )}
        </div>
      )}
    </div>
  );
}

/** A select used as a menu: choosing an option runs it, and the select goes back to its title. */
function Menu(props: { id: string; label: string; placeholder: string; options: [string, string][]; onPick: (value: string) => void; disabled: boolean }) {
  return (
    <span className="field-inline">
      <label htmlFor={props.id} className="sr-only">
        {props.label}
      </label>
      <select
        id={props.id}
        value=""
        disabled={props.disabled}
        onChange={(e) => {
          if (e.target.value) props.onPick(e.target.value);
        }}
      >
        <option value="">{props.placeholder}…</option>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </span>
  );
}
