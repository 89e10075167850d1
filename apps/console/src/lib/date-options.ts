import { locale } from './format';

/** A calendar day in local time, as `YYYY-MM-DD` (a stable option value). */
export const dayKey = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The local date-time of a day key and minutes after midnight. */
export function combine(day: string, minutes: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, 0, 0);
}

export const minutesOf = (d: Date) => d.getHours() * 60 + d.getMinutes();

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase(locale()) + s.slice(1);

/**
 * The next `count` days from `now`, labelled in the interface language (not the browser's):
 * "Aujourd’hui — mer. 26 nov." / "Today — Wed, Nov 26", then "Demain — …", then the dates.
 */
export function dayOptions(now: Date, count: number): { value: string; label: string }[] {
  const date = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + i, 12);
    const label = date.format(d);
    return { value: dayKey(d), label: i < 2 ? `${capitalise(relative.format(i, 'day'))} — ${label}` : label };
  });
}

/** Times of day every `step` minutes, formatted in the interface language ("14 h 30" / "2:30 p.m."). */
export function timeOptions(step = 15): { value: number; label: string }[] {
  const time = new Intl.DateTimeFormat(locale(), { hour: 'numeric', minute: '2-digit' });
  return Array.from({ length: (24 * 60) / step }, (_, i) => {
    const minutes = i * step;
    return { value: minutes, label: time.format(new Date(2000, 0, 1, Math.floor(minutes / 60), minutes % 60)) };
  });
}

/** A sensible default for a snooze: an hour from now, on the next quarter hour. */
export function inAnHour(now: Date, step = 15): Date {
  const d = new Date(now.getTime() + 3_600_000);
  d.setSeconds(0, 0);
  d.setMinutes(d.getMinutes() + ((step - (d.getMinutes() % step)) % step));
  return d;
}
