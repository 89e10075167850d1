import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/ui/dialog';
import { SHORTCUTS } from '../hooks/use-shortcuts';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      title={t('shortcuts.title')}
      onClose={onClose}
      actions={
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')}
        </button>
      }
    >
      <dl className="shortcuts">
        {SHORTCUTS.map((k) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(`shortcuts.keys.${k === '/' ? 'search' : k === '?' ? 'help' : k}`)}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>Enter</kbd>
          </dt>
          <dd>{t('shortcuts.keys.send')}</dd>
        </div>
      </dl>
    </Dialog>
  );
}
