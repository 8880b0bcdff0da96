import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { DocumentSummary, Group } from '../../shared/types'
import { api } from '../api'
import type { Action } from '../../shared/permissions'
import { roleLabel } from '../i18n/roleLabel'
import { errorMessage } from '../i18n/errorMessage'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { PeriodBadge } from '../periods/PeriodBadge'
import { useCommentPeriod, useNow } from '../periods/useCommentPeriod'

/** The capabilities the rights sentence names, each with its message key, in the order it names them. */
const RIGHTS: Array<[Action, string]> = [
  ['comment.create', 'documents.rights.comment'],
  ['comment.moderate', 'documents.rights.moderate'],
  ['document.create', 'documents.rights.documents'],
  ['group.manageMembers', 'documents.rights.members'],
  ['feedback.post', 'documents.rights.feedback'],
]

/** A sentence saying what this person may do, from the capabilities the server sent. */
function describeRights(t: TFunction, group: Group): string {
  const can = RIGHTS.filter(([action]) => group.capabilities[action]).map(([, key]) => t(key))
  return can.length ? t('documents.rights.some', { rights: can.join(', ') }) : t('documents.rights.readOnly')
}

/** "You take part as Member delegation (Brazil).", or that they administer the group. */
function describeRole(t: TFunction, group: Group): string {
  if (!group.myRole) return t('documents.administer')
  const role = roleLabel(t, group.myRole)
  return group.myDelegation ? t('documents.roleWithDelegation', { role, delegation: group.myDelegation }) : t('documents.role', { role })
}

/** One row: open, rename in place, delete after confirmation; the comment period's countdown. */
function DocumentRow({ doc, onChanged, onDelete }: { doc: DocumentSummary; onChanged: () => void; onDelete: (doc: DocumentSummary) => void }) {
  const { t } = useTranslation()
  const period = useCommentPeriod(doc.id, doc.commentPeriod)
  const now = useNow(period && period.state === 'open' ? Date.parse(period.closesAt) : null)
  const [editing, setEditing] = useState(false)
  const [title, setTitle] = useState(doc.title)
  const [error, setError] = useState<string | null>(null)
  const save = async (e: FormEvent) => {
    e.preventDefault()
    try {
      await api.renameDocument(doc.id, title)
      setEditing(false)
      setError(null)
      onChanged()
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  return (
    <li className="doc-row" data-testid="document-row">
      {editing ? (
        <form onSubmit={save} className="doc-row__rename">
          <label>
            {t('documents.newTitleFor', { title: doc.title })}
            <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required maxLength={200} />
          </label>
          <button type="submit">{t('documents.save')}</button>
          <button type="button" onClick={() => (setEditing(false), setTitle(doc.title))}>
            {t('common.cancel')}
          </button>
          {error && <span role="alert">{error}</span>}
        </form>
      ) : (
        <>
          <a className="doc-row__title" href={`#/d/${doc.id}`}>
            {doc.title}
          </a>
          {period && <PeriodBadge period={period} timeZone={doc.timeZone} now={now} />}
          <span className="doc-row__access">{doc.access.canEdit ? t('documents.canEdit') : t('documents.readOnly')}</span>
          <span className="doc-row__time">{t('documents.updated', { when: formatMoment(doc.updatedAt) })}</span>
          {doc.access.capabilities['document.rename'] && (
            <button type="button" onClick={() => setEditing(true)} aria-label={t('documents.renameNamed', { title: doc.title })}>
              {t('documents.rename')}
            </button>
          )}
          {doc.access.capabilities['document.delete'] && (
            <button type="button" className="danger" onClick={() => onDelete(doc)} aria-label={t('documents.deleteNamed', { title: doc.title })}>
              {t('documents.delete')}
            </button>
          )}
        </>
      )}
    </li>
  )
}

/** The working group and its documents. */
export function DocumentList() {
  const { t } = useTranslation()
  const [groups, setGroups] = useState<Group[]>([])
  const [docs, setDocs] = useState<DocumentSummary[]>([])
  const [newTitle, setNewTitle] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [toDelete, setToDelete] = useState<DocumentSummary | null>(null)
  const dialog = useRef<HTMLDialogElement>(null)

  const refresh = useCallback(() => {
    Promise.all([api.groups(), api.documents()])
      .then(([g, d]) => {
        setGroups(g)
        setDocs(d)
      })
      .catch((e: unknown) => setError(errorMessage(e)))
  }, [])
  useEffect(refresh, [refresh])
  useEffect(() => {
    if (toDelete) dialog.current?.showModal()
    else dialog.current?.close()
  }, [toDelete])

  const create = async (e: FormEvent) => {
    e.preventDefault()
    try {
      const doc = await api.createDocument(newTitle, groups[0]?.id)
      setNewTitle('')
      location.hash = `#/d/${doc.id}`
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  const confirmDelete = async () => {
    if (!toDelete) return
    try {
      await api.deleteDocument(toDelete.id)
    } catch (err) {
      setError(errorMessage(err))
    }
    setToDelete(null)
    refresh()
  }

  return (
    <main className="page">
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`}>
          <p className="eyebrow">{t('common.workingGroup')}</p>
          <h1 id={`group-${group.id}`}>{group.name}</h1>
          <p className="muted" data-testid="my-role">
            {describeRole(t, group)} {describeRights(t, group)}
          </p>
          <h2>{t('documents.title')}</h2>
          <ul className="doc-list">
            {docs
              .filter((d) => d.groupId === group.id)
              .map((doc) => (
                <DocumentRow key={doc.id} doc={doc} onChanged={refresh} onDelete={setToDelete} />
              ))}
          </ul>
        </section>
      ))}
      {groups[0]?.capabilities['document.create'] && (
        <form className="create-doc" onSubmit={create}>
          <label>
            {t('documents.newTitle')}
            <input value={newTitle} onChange={(e) => setNewTitle(e.target.value)} required maxLength={200} />
          </label>
          <button type="submit">{t('documents.create')}</button>
        </form>
      )}
      {groups[0]?.capabilities['document.create'] && <ImportForm groupId={groups[0].id} onError={setError} />}
      <ErrorText error={error} />
      <dialog ref={dialog} aria-labelledby="delete-title" onClose={() => setToDelete(null)}>
        <h2 id="delete-title">{t('documents.deleteTitle', { title: toDelete?.title ?? '' })}</h2>
        <p>{t('documents.deleteExplained')}</p>
        <div className="dialog__actions">
          <button type="button" onClick={() => setToDelete(null)} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="danger" onClick={confirmDelete}>
            {t('documents.deleteConfirm')}
          </button>
        </div>
      </dialog>
    </main>
  )
}

/** Import a Word (.docx) or Markdown (.md) file as a new document; numbered paragraphs become Plenary numbering. */
function ImportForm({ groupId, onError }: { groupId: string; onError: (message: string | null) => void }) {
  const { t } = useTranslation()
  const [file, setFile] = useState<File | null>(null)
  const [title, setTitle] = useState('')
  const [warnings, setWarnings] = useState<{ docId: string; list: string[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!file) return
    setBusy(true)
    try {
      const result = await api.importDocument(file, title, groupId)
      onError(null)
      if (result.warnings.length) setWarnings({ docId: result.document.id, list: result.warnings })
      else location.hash = `#/d/${result.document.id}`
    } catch (err) {
      onError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="create-doc import-doc" onSubmit={submit}>
      {/* A button of our own over the hidden file input: the browser's "No file chosen" never shows, clipped or not. */}
      <label className="file-pick">
        <input
          type="file"
          className="sr-only"
          accept=".docx,.md,.markdown,.txt"
          required
          aria-labelledby="import-file-button"
          aria-describedby="import-file-name"
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null
            setFile(chosen)
            setWarnings(null)
            if (chosen && !title) setTitle(chosen.name.replace(/\.(docx|md|markdown|txt)$/i, ''))
          }}
        />
        <span className="file-pick__button" id="import-file-button">
          {t('documents.import.choose')}
        </span>
        <span className="file-pick__name" id="import-file-name" data-testid="import-file-name">
          {file ? file.name : t('documents.import.types')}
        </span>
      </label>
      <label>
        {t('documents.import.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <button type="submit" disabled={busy}>
        {t('documents.import.submit')}
      </button>
      {warnings && (
        <div role="status" className="notice">
          <p>{t('documents.import.warnings')}</p>
          <ul>
            {warnings.list.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <a href={`#/d/${warnings.docId}`}>{t('documents.import.open')}</a>
        </div>
      )}
    </form>
  )
}
