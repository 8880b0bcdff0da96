import { useId, useState, type FormEvent, type MouseEvent } from 'react'
import { DISPOSITION_LABELS, DISPOSITION_VALUES, MAX_EXPLANATION_LENGTH, answerLabel, type DispositionValue, type DispositionView } from '../../shared/dispositions/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { linkHref } from '../feedback/FeedbackCard'
import { useDispositions, type Dispositions } from './DispositionsProvider'

/** "answered in ¶7(b)": a link that brings the paragraph into view (in another draft, opens it). */
function AnswerLink({ d, ctx }: { d: DispositionView; ctx: Dispositions }) {
  const answer = d.answer
  if (!answer) return null
  const here = answer.documentId === ctx.docId && !answer.paragraphDeleted && !answer.broken
  const label = answerLabel(answer, ctx.docId)
  const onClick = (e: MouseEvent) => {
    if (!here) return
    e.preventDefault()
    ctx.showParagraph(answer.liveRef ?? answer.paraRef)
  }
  if (answer.paragraphDeleted || answer.broken) return <span className="disposition__answer">answering {label}</span>
  return (
    <a className="disposition__answer" href={linkHref(answer)} onClick={onClick} data-testid="disposition-answer">
      answered in {answer.documentId === ctx.docId ? `¶${label}` : label}
    </a>
  )
}

/** The form the DG office or the chair records a disposition with: the value, the explanation, the answering paragraph. */
function DispositionForm({ targetId, d, ctx, onDone }: { targetId: string; d: DispositionView | undefined; ctx: Dispositions; onDone: () => void }) {
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
      setError((e as Error).message)
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
    <form className="disposition__form" onSubmit={submit} aria-label="Record the disposition">
      <label htmlFor={`${id}-value`}>Disposition</label>
      <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value as DispositionValue)}>
        {DISPOSITION_VALUES.map((v) => (
          <option key={v} value={v}>
            {DISPOSITION_LABELS[v]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-explanation`}>Explanation</label>
      <textarea id={`${id}-explanation`} rows={3} maxLength={MAX_EXPLANATION_LENGTH} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
      <label htmlFor={`${id}-paragraph`}>Answering paragraph (optional)</label>
      {elsewhere && <p className="disposition__meta">Now answered in {elsewhere.label}; a paragraph given here replaces it.</p>}
      <div className="disposition__paragraph">
        <input id={`${id}-paragraph`} value={paragraph} placeholder="e.g. 7(b)" size={8} onChange={(e) => setParagraph(e.target.value)} />
        <button type="button" onClick={() => setParagraph(ctx.paragraphAtCaret() ?? '')} title="The numbered paragraph where the cursor is in the document">
          Paragraph at cursor
        </button>
      </div>
      <div className="disposition__buttons">
        <button type="submit" disabled={busy}>
          Save disposition
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        {d && (
          <button type="button" disabled={busy} onClick={() => void run(async () => (await api.clearDisposition(ctx.docId, targetId), null))}>
            Clear
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
  const ctx = useDispositions()
  const [editing, setEditing] = useState(false)
  const d = ctx?.of(targetId)
  if (!ctx || (!d && !ctx.canRecord)) return null
  return (
    <section className="disposition" aria-label="Disposition" data-testid="disposition">
      {d && (
        <>
          <p className="disposition__head">
            <span className={`badge badge--disposition badge--${d.value}`} data-testid="disposition-value">
              {DISPOSITION_LABELS[d.value]}
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
            {d ? 'Change disposition' : 'Record disposition'}
          </button>
        ))}
    </section>
  )
}
