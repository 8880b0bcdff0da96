import i18next, { type TFunction } from 'i18next'
import ICU from 'i18next-icu'
import en from '../../client/i18n/locales/en.json'
import fr from '../../client/i18n/locales/fr.json'
import es from '../../client/i18n/locales/es.json'
import { linkLabel } from '../../client/feedback/linkLabel.js'
import type { FeedbackLinkView } from '../../shared/feedback/types.js'

const CATALOGS = { en, fr, es }

/** The interface's t() in one language, on its own i18next instance (the catalogs as the page loads them, ICU included). */
export async function catalogT(language: keyof typeof CATALOGS): Promise<TFunction> {
  const instance = i18next.createInstance()
  await instance.use(ICU).init({ resources: { [language]: { translation: CATALOGS[language] } }, lng: language, interpolation: { escapeValue: false } })
  return instance.t
}

/** A feedback link as the page words it in English and French: English must be the server's own label, French must differ. */
export async function linkWords(link: FeedbackLinkView): Promise<{ en: string; fr: string }> {
  return { en: linkLabel(link, await catalogT('en')), fr: linkLabel(link, await catalogT('fr')) }
}
