import { useId, useState, type FormEvent, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { DISPOSITION_VALUES, MAX_EXPLANATION_LENGTH, type DispositionValue } from '../../shared/dispositions/values'
import type { DispositionView } from '../../shared/dispositions/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { formatMoment } from '../dates'
import { linkHref } from '../feedback/FeedbackCard'
import { useDispositions, type Dispositions } from './DispositionsProvider'

/** Each disposition value's message key; the server's log and notifications, and the exports, take theirs from shared/i18n/exportWords.ts. */
const VALUE_KEYS: Record<DispositionValue, string> = {
  accepted: 'dispositions.values.accepted',
  'partly-accepted': 'dispositions.values.partlyAccepted',
  'not-accepted': 'dispositions.values.notAccepted',
  noted: 'dispositions.values.noted',
}

/** A disposition value as the interface names it ("Accepted", "Accepté en partie"). */
export const dispositionLabel = (t: TFunction, value: DispositionValue): string => t(VALUE_KEYS[value])

/** The answering paragraph as its link names it: the live number here, another draft's label, or that it was deleted. */
function answerLabel(t: TFunction, answer: NonNullable<DispositionView['answer']>, documentId: string): string {
  if (answer.documentId !== documentId || answer.broken) return answer.label
  if (answer.paragraphDeleted) return t('dispositions.paragraphDeleted', { ref: answer.paraRef })
  return answer.liveRef ?? answer.paraRef
}

/** "answered in ¶7(b)": a link that brings the paragraph into view (in another draft, opens it). */
function AnswerLink({ d, ctx }: { d: DispositionView; ctx: Dispositions }) {
  const { t } = useTranslation()
  const answer = d.answer
  if (!answer) return null
  const here = answer.documentId === ctx.docId && !answer.paragraphDeleted && !answer.broken
  const label = answerLabel(t, answer, ctx.docId)
  const onClick = (e: MouseEvent) => {
    if (!here) return
    e.preventDefault()
    ctx.showParagraph(answer.liveRef ?? answer.paraRef)
  }
  if (answer.paragraphDeleted || answer.broken) return <span className="disposition__answer">{t('dispositions.answering', { label })}</span>
  return (
    <a className="disposition__answer" href={linkHref(answer)} onClick={onClick} data-testid="disposition-answer">
      {t('dispositions.answeredIn', { label: answer.documentId === ctx.docId ? `¶${label}` : label })}
    </a>
  )
}

/** The form the DG office or the chair records a disposition with: the value, the explanation, the answering paragraph. */
function DispositionForm({ targetId, d, ctx, onDone }: { targetId: string; d: DispositionView | undefined; ctx: Dispositions; onDone: () => void }) {
  const { t } = useTranslation()
  const [value, setValue] = useState<DispositionValue>(d?.value ?? 'accepted')
  const [explanation, setExplanation] = useState(d?.explanation ?? '')
  const current = d?.answer && !d.answer.paragraphDeleted && d.answer.documentId === ctx.docId ? (d.answer.liveRef ?? d.answer.paraRef) : ''
  // A paragraph of another draft (linked through the API) is kept unless one of this document is given instead.
  const elsewhere = d?.answer && d.answer.documentId !== ctx.docId && !d.answer.broken && !d.answer.paragraphDeleted ? d.answer : null
  const [paragraph, setParagraph] = useState(current)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  const run = async (call: () => Promise<DispositionView | null>) => {
    setBusy(true)
    setError(null)
    try {
      ctx.changed(targetId, await call())
      onDone()
    } catch (e) {
      setError(errorMessage(e, 'dispositions'))
    } finally {
      setBusy(false)
    }
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const ref = paragraph.trim().replace(/^¶\s*/, '')
    // The paragraph it already answered is sent back by position, so a renumbering in between cannot move it.
    const kept = ref && ref === current && d?.answer?.position ? { position: d.answer.position } : {}
    const answer = ref ? { type: 'paragraph' as const, documentId: ctx.docId, paraRef: ref, ...kept } : elsewhere && { type: 'paragraph' as const, documentId: elsewhere.documentId, paraRef: elsewhere.paraRef, position: elsewhere.position }
    void run(() => api.recordDisposition(ctx.docId, targetId, { value, explanation, answer }))
  }
  return (
    <form className="disposition__form" onSubmit={submit} aria-label={t('dispositions.formLabel')}>
      <label htmlFor={`${id}-value`}>{t('dispositions.label')}</label>
      <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value as DispositionValue)}>
        {DISPOSITION_VALUES.map((v) => (
          <option key={v} value={v}>
            {dispositionLabel(t, v)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-explanation`}>{t('dispositions.explanation')}</label>
      <textarea id={`${id}-explanation`} rows={3} maxLength={MAX_EXPLANATION_LENGTH} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
      <label htmlFor={`${id}-paragraph`}>{t('dispositions.paragraph')}</label>
      {elsewhere && <p className="disposition__meta">{t('dispositions.elsewhere', { label: elsewhere.label })}</p>}
      <div className="disposition__paragraph">
        <input id={`${id}-paragraph`} value={paragraph} placeholder={t('dispositions.paragraphExample')} size={8} onChange={(e) => setParagraph(e.target.value)} />
        <button type="button" onClick={() => setParagraph(ctx.paragraphAtCaret() ?? '')} title={t('dispositions.atCursorHint')}>
          {t('dispositions.atCursor')}
        </button>
      </div>
      <div className="disposition__buttons">
        <button type="submit" disabled={busy}>
          {t('dispositions.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
        {d && (
          <button type="button" disabled={busy} onClick={() => void run(async () => (await api.clearDisposition(ctx.docId, targetId), null))}>
            {t('dispositions.clear')}
          </button>
        )}
      </div>
      <ErrorText error={error} />
    </form>
  )
}

/**
 * The disposition of a comment thread or a proposal on its card: the badge, the explanation and
 * the answering paragraph, for everyone; the form to record it, for the DG office and the chair.
 */
export function DispositionBox({ targetId }: { targetId: string }) {
  const { t } = useTranslation()
  const ctx = useDispositions()
  const [editing, setEditing] = useState(false)
  const d = ctx?.of(targetId)
  if (!ctx || (!d && !ctx.canRecord)) return null
  return (
    <section className="disposition" aria-label={t('dispositions.label')} data-testid="disposition">
      {d && (
        <>
          <p className="disposition__head">
            <span className={`badge badge--disposition badge--${d.value}`} data-testid="disposition-value">
              {dispositionLabel(t, d.value)}
            </span>{' '}
            <AnswerLink d={d} ctx={ctx} />
          </p>
          {d.explanation && (
            <p className="disposition__explanation" data-testid="disposition-explanation">
              {d.explanation}
            </p>
          )}
          <p className="disposition__meta">
            {d.updatedBy.name}
            {d.updatedBy.delegation && ` (${d.updatedBy.delegation})`} · <time dateTime={d.updatedAt}>{formatMoment(d.updatedAt)}</time>
          </p>
        </>
      )}
      {ctx.canRecord &&
        (editing ? (
          <DispositionForm targetId={targetId} d={d} ctx={ctx} onDone={() => setEditing(false)} />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {d ? t('dispositions.change') : t('dispositions.record')}
          </button>
        ))}
    </section>
  )
}
