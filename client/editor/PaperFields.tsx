import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { DocumentSummary } from '../../shared/types'
import { NO_PAPER_FIELDS, paperDate, paperProblem, PAPER_FIELD_MAX, type PaperFields as Fields } from '../../shared/paper'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { useAction } from '../useAction'
import { ErrorText } from '../ErrorText'

const FIELDS = ['symbol', 'distribution', 'date', 'session'] as const
type Field = (typeof FIELDS)[number]

/**
 * The paper's header above its text, where the organisation's papers have it: the symbol, the
 * distribution line and the date (in the document's language) flush right, the session with the
 * title block. Whoever holds 'document.setPaper' edits it here; everyone else reads it, and every
 * open page follows a change made elsewhere live ('document-paper' events). A reader sees nothing
 * while every field is empty.
 */
export function PaperFields({ doc, onChanged }: { doc: DocumentSummary; onChanged: (d: DocumentSummary) => void }) {
  const hintId = useId()
  const { t } = useTranslation()
  const [editing, setEditing] = useState(false)
  const editButton = useRef<HTMLButtonElement>(null)
  const mayEdit = doc.access.capabilities['document.setPaper']
  // A summary remembered offline by an older version has no fields.
  const paper = doc.paper ?? NO_PAPER_FIELDS
  const { symbol, distribution, date, session } = paper
  // Back on the button that opened the form once the form is closed (saved or cancelled).
  const wasEditing = useRef(false)
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus()
    wasEditing.current = editing
  }, [editing])
  useEvent('document-paper', (data: { documentId: string; paper: Fields }) => {
    if (data.documentId === doc.id && FIELDS.some((f) => data.paper[f] !== paper[f])) onChanged({ ...doc, paper: data.paper })
  })
  const empty = FIELDS.every((f) => !paper[f])
  if (empty && !mayEdit) return null
  const close = () => setEditing(false)
  return (
    <section className="paper-header" aria-label={t('paper.label')} data-testid="paper-header">
      {/* The paper's own words are in the document's language, whatever the interface's. */}
      <div className="paper-header__right" lang={doc.language}>
        {symbol && <p data-testid="paper-symbol">{symbol}</p>}
        {distribution && <p data-testid="paper-distribution">{distribution}</p>}
        {date && (
          <p>
            <time dateTime={date} data-testid="paper-date">
              {paperDate(paper, doc.language)}
            </time>
          </p>
        )}
      </div>
      {session && (
        <p className="paper-header__session" lang={doc.language} data-testid="paper-session">
          {session}
        </p>
      )}
      {mayEdit && !editing && (
        <div className="paper-header__edit">
          <button type="button" ref={editButton} onClick={() => setEditing(true)} aria-describedby={empty ? hintId : undefined}>
            {t('paper.edit')}
          </button>
          {empty && (
            <span className="hint" id={hintId}>
              {t('paper.emptyHint')}
            </span>
          )}
        </div>
      )}
      {mayEdit && editing && (
        <PaperForm
          doc={doc}
          paper={paper}
          onSaved={(d) => {
            onChanged(d)
            close()
          }}
          onCancel={close}
        />
      )}
    </section>
  )
}

/** The form that sets the four fields at once: checked here by the server's rules (paperProblem), then sent. */
function PaperForm({ doc, paper, onSaved, onCancel }: { doc: DocumentSummary; paper: Fields; onSaved: (d: DocumentSummary) => void; onCancel: () => void }) {
  const { t } = useTranslation()
  const [fields, setFields] = useState<Fields>(paper)
  const [invalid, setInvalid] = useState<string | null>(null)
  const { busy, error, act } = useAction()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const trimmed = { symbol: fields.symbol.trim(), distribution: fields.distribution.trim(), date: fields.date.trim(), session: fields.session.trim() }
    const issue = paperProblem(trimmed)
    if (issue) return setInvalid(problem(t, issue))
    setInvalid(null)
    await act(() => api.setDocumentPaper(doc.id, trimmed), onSaved)
  }
  const input = (field: Field, autoFocus = false) => (
    <label key={field}>
      {t(`paper.fields.${field}`)}
      <input
        type={field === 'date' ? 'date' : 'text'}
        value={fields[field]}
        maxLength={field === 'date' ? undefined : PAPER_FIELD_MAX}
        autoFocus={autoFocus}
        onChange={(e) => setFields({ ...fields, [field]: e.target.value })}
      />
    </label>
  )
  return (
    <form className="paper-header__form" onSubmit={submit} aria-label={t('paper.formLabel')} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      {FIELDS.map((field, i) => input(field, i === 0))}
      <div className="paper-header__actions">
        <button type="submit" disabled={busy}>
          {t('paper.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorText error={invalid ?? error} />
    </form>
  )
}

/** The first thing the server would refuse (paperProblem, the same rules as its schema), in the interface's language. */
function problem(t: TFunction, issue: NonNullable<ReturnType<typeof paperProblem>>): string {
  if (issue.kind === 'date') return t('paper.errors.date')
  const name = t(`paper.fields.${issue.field}`)
  return issue.kind === 'tooLong' ? t('paper.errors.tooLong', { field: name, max: PAPER_FIELD_MAX }) : t('paper.errors.oneLine', { field: name })
}
