import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const EMOJIS = ['😀', '😊', '😉', '😍', '🙏', '👍', '👏', '🙌', '❤️', '💙', '🎉', '✨', '☕', '🍁', '😅', '😢', '😮', '🤔', '👋', '✅', '📦', '🚚', '💬', '⭐'];

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="emoji">
      <button type="button" className="btn btn--icon" aria-expanded={open} aria-haspopup="true" aria-label={t('composer.emoji')} onClick={() => setOpen((o) => !o)}>
        ☺
      </button>
      {open && (
        <div className="emoji__grid" role="group" aria-label={t('composer.emoji')} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          {EMOJIS.map((e) => (
            <button
              key={e}
              type="button"
              className="emoji__item"
              aria-label={e}
              onClick={() => {
                onPick(e);
                setOpen(false);
              }}
            >
              {e}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
