import type { Locale } from '@babillard/contracts';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

function initialLanguage(): Locale {
  const nav = globalThis.navigator?.language?.toLowerCase() ?? 'fr';
  return nav.startsWith('en') ? 'en' : 'fr';
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: false,
  supportedLngs: ['fr', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export default i18n;
