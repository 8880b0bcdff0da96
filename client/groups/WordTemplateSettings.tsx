import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { WordTemplateView } from '../../shared/types'
import { can, type Actor } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { errorMessage } from '../i18n/errorMessage'

/**
 * The group's Word template: which one the Word and PDF exports take their look from (or Plenary's
 * built-in UN-style paper), for everyone in the group; the chair (or an admin) uploads, replaces and
 * removes it.
 */
export function WordTemplateSettings({ groupId, actor }: { groupId: string; actor: Actor }) {
  const { t } = useTranslation()
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  const [template, setTemplate] = useState<WordTemplateView | null | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const manages = can(actor, 'group.template')

  useEffect(() => {
    api.wordTemplate(groupId).then(
      (r) => setTemplate(r.template),
      (e: unknown) => setError(errorMessage(e, 'wordTemplate')),
    )
  }, [groupId])

  const act = async (change: () => Promise<{ template: WordTemplateView | null }>) => {
    setBusy(true)
    setError(null)
    try {
      setTemplate((await change()).template)
    } catch (e) {
      setError(errorMessage(e, 'wordTemplate'))
    } finally {
      setBusy(false)
      if (input.current) input.current.value = ''
    }
  }
  const chosen = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    if (file) void act(() => api.setWordTemplate(groupId, file))
  }

  return (
    <section className="word-template" aria-labelledby={`${id}-title`} data-testid="word-template">
      <h2 id={`${id}-title`}>{t('wordTemplate.title')}</h2>
      {template === undefined ? null : template ? (
        <p>
          {t('wordTemplate.current', { name: template.name, who: template.uploadedBy, when: formatMoment(template.uploadedAt) })}{' '}
          {[template.font, template.page].filter(Boolean).join(' · ')}{' '}
          <a href={`/api/groups/${encodeURIComponent(groupId)}/template/file`} download>
            {t('wordTemplate.download')}
          </a>
        </p>
      ) : (
        <p>{t('wordTemplate.builtIn')}</p>
      )}
      {manages && (
        <div className="word-template__actions">
          <label htmlFor={`${id}-file`}>{template ? t('wordTemplate.replace') : t('wordTemplate.upload')}</label>
          <input id={`${id}-file`} ref={input} type="file" accept=".docx,.dotx,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.wordprocessingml.template" disabled={busy} aria-describedby={`${id}-hint`} onChange={chosen} />
          {template && (
            <button type="button" className="danger" disabled={busy} onClick={() => void act(() => api.removeWordTemplate(groupId))}>
              {t('wordTemplate.remove')}
            </button>
          )}
          <p className="hint" id={`${id}-hint`}>
            {t('wordTemplate.hint')}
          </p>
        </div>
      )}
      {busy && <p role="status">{t('wordTemplate.reading')}</p>}
      <ErrorText error={error} />
    </section>
  )
}
