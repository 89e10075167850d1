import { CANNED_RESPONSE_LIMITS, LOCALES, type CannedResponse, type CreateCannedResponseRequest, type Locale } from '@babillard/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  initial?: CannedResponse;
  submitLabel: string;
  busy: boolean;
  error: string | null;
  onSubmit: (body: CreateCannedResponseRequest) => Promise<unknown>;
  onCancel?: () => void;
}

/** Shortcut, language and text of one canned response (adding or editing). */
export function CannedResponseForm({ initial, submitLabel, busy, error, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? '');
  const [locale, setLocale] = useState<Locale | ''>(initial?.locale ?? '');
  const [text, setText] = useState(initial?.text ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit({ shortcut: shortcut.trim(), text: text.trim(), locale: locale || null }).then(() => {
      if (initial) return;
      setShortcut('');
      setText('');
    }, () => undefined);
  };

  return (
    <form className="canned-form" onSubmit={submit}>
      <span className="field-inline">
        <label htmlFor={`${id}-shortcut`}>{t('cannedEditor.shortcut')}</label>
        <span aria-hidden="true">/</span>
        <input id={`${id}-shortcut`} value={shortcut} size={14} maxLength={CANNED_RESPONSE_LIMITS.shortcut} required onChange={(e) => setShortcut(e.target.value)} />
      </span>
      <span className="field-inline">
        <label htmlFor={`${id}-locale`}>{t('cannedEditor.locale')}</label>
        <select id={`${id}-locale`} value={locale} onChange={(e) => setLocale(e.target.value as Locale | '')}>
          <option value="">{t('cannedEditor.anyLocale')}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {t(`settings.locales.${l}`)}
            </option>
          ))}
        </select>
      </span>
      <label htmlFor={`${id}-text`} className="canned-form__text-label">
        {t('cannedEditor.text')}
      </label>
      <textarea id={`${id}-text`} value={text} rows={2} maxLength={CANNED_RESPONSE_LIMITS.text} required onChange={(e) => setText(e.target.value)} />
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="canned-form__actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            {t('cannedEditor.cancel')}
          </button>
        )}
        <button type="submit" className="btn btn--primary" disabled={busy || !shortcut.trim() || !text.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
