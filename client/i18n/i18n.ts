import i18next from 'i18next'
import ICU from 'i18next-icu'
import { initReactI18next } from 'react-i18next'
import { LANGUAGES, pickLanguage, type Language } from '../../shared/i18n/languages'
import en from './locales/en.json'

/**
 * The interface's messages: English in the bundle (the source and the fallback), French and Spanish
 * loaded when chosen. Messages are ICU MessageFormat ("{count, plural, one {# reply} other {#
 * replies}}"), so plurals and word order are the translator's, never concatenated in code.
 */
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<{ default: typeof en }>> = {
  fr: () => import('./locales/fr.json'),
  es: () => import('./locales/es.json'),
}

/** Where the last language used here is remembered, so the next page load starts in it. */
const STORED = 'plenary.language'

/** The language to start in: the last one used in this browser, else the browser's own. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED)
  return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : pickLanguage(navigator.languages ?? [navigator.language])
}

async function ensureLoaded(language: Language): Promise<void> {
  if (language === 'en' || i18next.hasResourceBundle(language, 'translation')) return
  i18next.addResourceBundle(language, 'translation', (await LOADERS[language]()).default)
}

/** Starts i18next in `language` (its messages loaded first). */
export async function startI18n(language: Language = initialLanguage()): Promise<void> {
  await i18next
    .use(ICU)
    .use(initReactI18next)
    .init({ resources: { en: { translation: en } }, lng: 'en', fallbackLng: 'en', supportedLngs: [...LANGUAGES], interpolation: { escapeValue: false }, react: { useSuspense: false } })
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l
  })
  await switchLanguage(language)
}

/** Switches the interface to `language` (loading its messages) and remembers it in this browser. */
export async function switchLanguage(language: Language): Promise<void> {
  await ensureLoaded(language)
  localStorage.setItem(STORED, language)
  if (i18next.language !== language) await i18next.changeLanguage(language)
  document.documentElement.lang = language
}

/** The interface's language now. */
export const currentLanguage = (): Language => (LANGUAGES as readonly string[]).includes(i18next.language) ? (i18next.language as Language) : 'en'

/** The locale dates and numbers are written in for each language (day month year in English, as the UN writes it). */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }

export { i18next }
