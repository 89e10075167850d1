import { CONVERSATION_KINDS, CONVERSATION_SORTS, CONVERSATION_STATUSES, PLATFORMS, PRIORITIES, type Team } from '@babillard/contracts';
import { forwardRef, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFilters } from '../../../lib/queue';

interface Props {
  filters: QueueFilters;
  teams: Team[];
  onChange: (filters: QueueFilters) => void;
}

/** Search (debounced) and the queue filters. The search input is exposed for the `/` shortcut. */
export const FiltersBar = forwardRef<HTMLInputElement, Props>(function FiltersBar({ filters, teams, onChange }, searchRef) {
  const { t } = useTranslation();
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => {
    const id = setTimeout(() => {
      if ((filters.q ?? '') !== q.trim()) onChange({ ...filters, q: q.trim() || undefined });
    }, 300);
    return () => clearTimeout(id);
  }, [q, filters, onChange]);

  const set = <K extends keyof QueueFilters>(key: K, value: string) => onChange({ ...filters, [key]: value || undefined });

  return (
    <div className="filters" role="search">
      <label className="sr-only" htmlFor="inbox-search">
        {t('inbox.search')}
      </label>
      <input id="inbox-search" ref={searchRef} type="search" placeholder={t('inbox.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="filters__row">
        <Select id="f-status" label={t('filters.status')} value={filters.status ?? ''} onChange={(v) => set('status', v)} all={t('filters.anyStatus')}
          options={CONVERSATION_STATUSES.map((s) => [s, t(`status.${s}`)])} />
        <Select id="f-platform" label={t('filters.platform')} value={filters.platform ?? ''} onChange={(v) => set('platform', v)} all={t('filters.any')}
          options={PLATFORMS.map((p) => [p, t(`platform.${p}`)])} />
        <Select id="f-kind" label={t('filters.kind')} value={filters.kind ?? ''} onChange={(v) => set('kind', v)} all={t('filters.any')}
          options={CONVERSATION_KINDS.map((k) => [k, t(`kind.${k}`)])} />
        <Select id="f-priority" label={t('filters.priority')} value={filters.priority ?? ''} onChange={(v) => set('priority', v)} all={t('filters.any')}
          options={[...PRIORITIES].reverse().map((p) => [p, t(`priority.${p}`)])} />
        <Select id="f-team" label={t('filters.team')} value={filters.teamId ?? ''} onChange={(v) => set('teamId', v)} all={t('filters.any')}
          options={teams.map((tm) => [tm.id, tm.name])} />
        <Select id="f-sort" label={t('filters.sort')} value={filters.sort ?? 'priority'} onChange={(v) => set('sort', v)}
          options={CONVERSATION_SORTS.map((s) => [s, t(`sort.${s}`)])} />
      </div>
    </div>
  );
});

function Select(props: { id: string; label: string; value: string; onChange: (v: string) => void; options: [string, string][]; all?: string }) {
  return (
    <span className="field-inline">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.all !== undefined && <option value="">{props.all}</option>}
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </span>
  );
}
