import { AVAILABILITIES, LOCALES, type Availability, type Locale } from '@babillard/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/api-client';
import { useMe, useUpdateMe } from '../../../lib/session';
import { notificationPermission, requestNotificationPermission, setSoundEnabled, soundEnabled, playChime } from '../hooks/alerts';

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const update = useUpdateMe();
  const [permission, setPermission] = useState(notificationPermission);
  const [sound, setSound] = useState(soundEnabled);
  if (!me) return null;
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <fieldset>
        <legend>{t('settings.language')}</legend>
        {LOCALES.map((l) => (
          <label key={l} className="radio">
            <input type="radio" name="locale" value={l} checked={me.locale === l} disabled={update.isPending} onChange={() => update.mutate({ locale: l as Locale })} />
            {t(`settings.locales.${l}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settings.availability')}</legend>
        <label htmlFor="set-availability" className="sr-only">
          {t('settings.availability')}
        </label>
        <select id="set-availability" value={me.availability} onChange={(e) => update.mutate({ availability: e.target.value as Availability })}>
          {AVAILABILITIES.map((a) => (
            <option key={a} value={a}>
              {t(`availability.${a}`)}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>{t('settings.alerts')}</legend>
        <p>{t(`settings.permission.${permission}`)}</p>
        {permission === 'default' && (
          <button type="button" className="btn" onClick={() => void requestNotificationPermission().then(setPermission)}>
            {t('settings.enableNotifications')}
          </button>
        )}
        <label className="radio">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSoundEnabled(e.target.checked);
              setSound(e.target.checked);
              if (e.target.checked) playChime();
            }}
          />
          {t('settings.sound')}
        </label>
      </fieldset>
      {update.isError && <p role="alert" className="form-error">{errorMessage(update.error)}</p>}
    </section>
  );
}
