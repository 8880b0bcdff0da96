import { beforeAll, describe, expect, it } from 'vitest'
import ICU from 'i18next-icu'
import { i18next } from '../../client/i18n/i18n.js'
import { timeLeft, zoneName } from '../../client/dates.js'
import en from '../../client/i18n/locales/en.json'
import fr from '../../client/i18n/locales/fr.json'
import es from '../../client/i18n/locales/es.json'

describe('what is left of a comment period, in the interface’s language', () => {
  beforeAll(async () => {
    await i18next.use(ICU).init({ resources: { en: { translation: en }, fr: { translation: fr }, es: { translation: es } }, lng: 'en', fallbackLng: 'en', interpolation: { escapeValue: false } })
  })
  const ms = (days: number, hours: number, minutes: number, seconds = 0) => ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000
  const inEach = async (lang: string) => {
    await i18next.changeLanguage(lang)
    return [ms(2, 4, 5), ms(1, 0, 5), ms(1, 3, 0), ms(0, 3, 12), ms(0, 0, 5, 30), ms(0, 0, 0, 40), -1].map(timeLeft)
  }

  it('writes days and hours, hours and minutes, minutes, then seconds in the last minute, with each language’s plural', async () => {
    expect(await inEach('en')).toEqual(['2 days 4 h', '1 day', '1 day 3 h', '3 h 12 min', '5 min', '40 s', '0 s'])
    expect(await inEach('fr')).toEqual(['2 jours 4 h', '1 jour', '1 jour 3 h', '3 h 12 min', '5 min', '40 s', '0 s'])
    expect(await inEach('es')).toEqual(['2 días 4 h', '1 día', '1 día 3 h', '3 h 12 min', '5 min', '40 s', '0 s'])
  })

  it('names the group’s time zone in each language, UTC as UTC', async () => {
    const names = async (lang: string) => (await i18next.changeLanguage(lang), ['Europe/Zurich', 'America/New_York', 'UTC'].map(zoneName))
    expect(await names('en')).toEqual(['Zurich time', 'New York time', 'UTC'])
    expect(await names('fr')).toEqual(['heure de Zurich', 'heure de New York', 'UTC'])
    expect(await names('es')).toEqual(['hora de Zurich', 'hora de New York', 'UTC'])
  })
})
