import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentSummary } from '../../shared/types'
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '../../shared/i18n/languages'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { ErrorText } from '../ErrorText'
import { usePendingChoice } from './usePendingChoice'

/**
 * The chair's choice of the document's language: the fixed words of its exports (the comments
 * matrix's headings and dispositions, the Word header and date) are written in it. Each language is
 * named in itself; the page follows a change made elsewhere live ('document-language' events).
 */
export function DocumentLanguageControl({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  const id = useId()
  const { t } = useTranslation()
  // The choice shows at once; it goes back if the server refuses it.
  const { pending, error, choose } = usePendingChoice(async (language: Language) => onChanged(await api.setDocumentLanguage(doc.id, language)))
  useEvent('document-language', (data: { documentId: string; language: Language }) => {
    if (data.documentId === doc.id && data.language !== doc.language) onChanged({ ...doc, language: data.language })
  })
  return (
    <div className="document-language" data-testid="document-language">
      <label htmlFor={`${id}-select`}>{t('documentSettings.language.label')}</label>
      <select id={`${id}-select`} value={pending ?? doc.language} disabled={pending !== null} aria-describedby={`${id}-hint`} onChange={(e) => void choose(e.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
      <p className="hint document-language__hint" id={`${id}-hint`}>
        {t('documentSettings.language.hint')}
      </p>
      <ErrorText error={error} />
    </div>
  )
}
