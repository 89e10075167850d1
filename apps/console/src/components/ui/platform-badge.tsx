import type { ConversationKind, Platform } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';

const GLYPH: Record<Platform, string> = { facebook: 'f', instagram: 'ig', whatsapp: 'wa', x: '𝕏', api: 'api' };

export function PlatformBadge({ platform, kind }: { platform: Platform; kind?: ConversationKind }) {
  const { t } = useTranslation();
  const label = kind ? `${t(`platform.${platform}`)} · ${t(`kind.${kind}`)}` : t(`platform.${platform}`);
  return (
    <span className={`platform platform--${platform}`} title={label} aria-label={label} role="img">
      {GLYPH[platform]}
    </span>
  );
}
