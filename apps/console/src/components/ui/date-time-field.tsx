import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { combine, dayKey, dayOptions, minutesOf, timeOptions } from '../../lib/date-options';

interface Props {
  label: string;
  value: Date;
  onChange: (value: Date) => void;
  /** Earliest moment offered (times before it on its day are disabled). */
  min: Date;
  days?: number;
  disabled?: boolean;
}

/**
 * A date and a time picked from two selects labelled with Intl in the interface language, so a
 * French interface reads "Demain — jeu. 27 nov." and "14 h 30" whatever the browser's locale
 * (a native datetime-local input would follow the browser).
 */
export function DateTimeField({ label, value, onChange, min, days = 60, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const minDay = dayKey(min);
  const minMinutes = minutesOf(min);
  // Labels depend on the language and the first day only.
  const dayList = useMemo(() => dayOptions(min, days), [minDay, days, i18n.language]);
  const timeList = useMemo(() => timeOptions(15), [i18n.language]);
  const day = dayKey(value);
  const minutes = minutesOf(value);
  const past = (m: number) => day === minDay && m <= minMinutes;

  return (
    <span className="field-inline datetime" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="datetime__label">
        {label}
      </span>
      <select aria-label={t('dateField.day')} value={day} disabled={disabled} onChange={(e) => onChange(combine(e.target.value, minutes))}>
        {dayList.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
      <select aria-label={t('dateField.time')} value={minutes - (minutes % 15)} disabled={disabled} onChange={(e) => onChange(combine(day, Number(e.target.value)))}>
        {timeList.map((o) => (
          <option key={o.value} value={o.value} disabled={past(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}
