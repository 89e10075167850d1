import { useTranslation } from 'react-i18next';
import { formatNumber, formatRelative } from '../../../lib/format';
import type { ComposerState } from '../hooks/composer-rules';

/** Length against the platform's limit and the messaging window, announced as the agent types. */
export function LimitMeter({ state, now }: { state: ComposerState; now: number }) {
  const { t } = useTranslation();
  return (
    <div className="meter" aria-live="polite">
      {state.limit !== null && (
        <span className={state.overLimit ? 'meter__count meter__count--over' : 'meter__count'} data-testid="length-meter">
          {state.overLimit
            ? t('composer.overLimit', { count: state.length - state.limit, limit: formatNumber(state.limit) })
            : t('composer.remaining', { length: formatNumber(state.length), limit: formatNumber(state.limit) })}
        </span>
      )}
      {state.window.applies && (
        <span className={state.window.open ? 'meter__window' : 'meter__window meter__window--closed'} data-testid="window-state">
          {state.window.open
            ? state.window.closesAt
              ? t('composer.windowOpen', { when: formatRelative(state.window.closesAt, now) })
              : null
            : state.window.closesAt
              ? t('composer.windowClosed', { when: formatRelative(state.window.closesAt, now) })
              : t('composer.windowNever')}
        </span>
      )}
    </div>
  );
}
