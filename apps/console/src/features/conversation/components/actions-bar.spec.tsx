import { fireEvent, screen, within } from '@testing-library/react';
import { combine, dayKey } from '../../../lib/date-options';
import { conversation, detail } from '../../../testing/fixtures';
import { renderWithProviders } from '../../../testing/render';
import { ActionsBar } from './actions-bar';

function setup(locale: 'fr' | 'en') {
  const onChange = jest.fn();
  renderWithProviders(<ActionsBar conversation={detail(conversation())} meId="me" users={[]} teams={[]} onChange={onChange} busy={false} />, { locale });
  const group = screen.getByRole('group', { name: locale === 'fr' ? 'En pause jusqu’au' : 'Snooze until' });
  return { onChange, group };
}

const tomorrow = () => {
  const d = new Date();
  return dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 12));
};

describe('snooze date and time', () => {
  it('reads in French in a French interface, whatever the browser’s language', () => {
    expect(navigator.language).toMatch(/^en/); // jsdom's browser speaks English
    const { group, onChange } = setup('fr');
    expect(document.querySelector('input[type="datetime-local"]')).toBeNull();
    const day = within(group).getByRole('combobox', { name: 'Jour' }) as HTMLSelectElement;
    const time = within(group).getByRole('combobox', { name: 'Heure' }) as HTMLSelectElement;
    const dayLabels = [...day.options].map((o) => o.textContent ?? '');
    expect(dayLabels[0]).toMatch(/^Aujourd’hui — /);
    expect(dayLabels[1]).toMatch(/^Demain — (lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2} /);
    expect([...time.options].map((o) => o.textContent)).toEqual(expect.arrayContaining(['0 h 00', '9 h 00', '14 h 30', '23 h 45']));

    fireEvent.change(day, { target: { value: tomorrow() } });
    fireEvent.change(time, { target: { value: String(14 * 60 + 30) } });
    fireEvent.click(screen.getByRole('button', { name: 'Mettre en pause' }));
    expect(onChange).toHaveBeenCalledWith({ status: 'snoozed', snoozedUntil: combine(tomorrow(), 14 * 60 + 30).toISOString() });
  });

  it('reads in English in an English interface', () => {
    const { group } = setup('en');
    const day = within(group).getByRole('combobox', { name: 'Day' }) as HTMLSelectElement;
    const time = within(group).getByRole('combobox', { name: 'Time' }) as HTMLSelectElement;
    expect(day.options[1].textContent).toMatch(/^Tomorrow — (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}$/);
    expect([...time.options].map((o) => o.textContent)).toEqual(expect.arrayContaining(['9:00 a.m.', '2:30 p.m.']));
  });

  it('does not offer today’s times that have passed', () => {
    const { group } = setup('en');
    const day = within(group).getByRole('combobox', { name: 'Day' }) as HTMLSelectElement;
    fireEvent.change(day, { target: { value: day.options[0].value } });
    const time = within(group).getByRole('combobox', { name: 'Time' }) as HTMLSelectElement;
    const now = new Date();
    const passed = [...time.options].filter((o) => Number(o.value) <= now.getHours() * 60 + now.getMinutes());
    expect(passed.every((o) => o.disabled)).toBe(true);
    expect([...time.options].filter((o) => !passed.includes(o)).every((o) => !o.disabled)).toBe(true);
  });
});
