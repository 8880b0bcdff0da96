import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import type { DocumentSummary, Group } from '../../shared/types'
import { api } from '../api'
import { ROLE_LABELS } from '../../shared/permissions'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { PeriodBadge } from '../periods/PeriodBadge'
import { useCommentPeriod, useNow } from '../periods/useCommentPeriod'

/** A sentence saying what this person may do, from the capabilities the server sent. */
function describeRights(group: Group): string {
  const c = group.capabilities
  const can: string[] = []
  if (c['comment.create']) can.push('comment')
  if (c['comment.moderate']) can.push('moderate comments')
  if (c['document.create']) can.push('create, rename and delete documents')
  if (c['group.manageMembers']) can.push('manage members and invitations')
  if (c['feedback.post']) can.push('post feedback updates')
  return can.length ? `You may ${can.join(', ')}.` : 'You may read and follow the documents live.'
}

const formatTime = formatMoment

/** One row: open, rename in place, delete after confirmation; the comment period's countdown. */
function DocumentRow({ doc, onChanged, onDelete }: { doc: DocumentSummary; onChanged: () => void; onDelete: (doc: DocumentSummary) => void }) {
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
      setError((err as Error).message)
    }
  }
  return (
    <li className="doc-row" data-testid="document-row">
      {editing ? (
        <form onSubmit={save} className="doc-row__rename">
          <label>
            New title for “{doc.title}”
            <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required maxLength={200} />
          </label>
          <button type="submit">Save</button>
          <button type="button" onClick={() => (setEditing(false), setTitle(doc.title))}>
            Cancel
          </button>
          {error && <span role="alert">{error}</span>}
        </form>
      ) : (
        <>
          <a className="doc-row__title" href={`#/d/${doc.id}`}>
            {doc.title}
          </a>
          {period && <PeriodBadge period={period} timeZone={doc.timeZone} now={now} />}
          <span className="doc-row__access">{doc.access.canEdit ? 'You can edit' : 'Read only'}</span>
          <span className="doc-row__time">Updated {formatTime(doc.updatedAt)}</span>
          {doc.access.capabilities['document.rename'] && (
            <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${doc.title}`}>
              Rename
            </button>
          )}
          {doc.access.capabilities['document.delete'] && (
            <button type="button" className="danger" onClick={() => onDelete(doc)} aria-label={`Delete ${doc.title}`}>
              Delete
            </button>
          )}
        </>
      )}
    </li>
  )
}

/** The working group and its documents. */
export function DocumentList() {
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
      .catch((e: Error) => setError(e.message))
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
      setError((err as Error).message)
    }
  }
  const confirmDelete = async () => {
    if (!toDelete) return
    try {
      await api.deleteDocument(toDelete.id)
    } catch (err) {
      setError((err as Error).message)
    }
    setToDelete(null)
    refresh()
  }

  return (
    <main className="page">
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`}>
          <p className="eyebrow">Working group</p>
          <h1 id={`group-${group.id}`}>{group.name}</h1>
          <p className="muted" data-testid="my-role">
            {group.myRole ? `You take part as ${ROLE_LABELS[group.myRole]}${group.myDelegation ? ` (${group.myDelegation})` : ''}.` : 'You administer this group.'}{' '}
            {describeRights(group)}
          </p>
          <h2>Documents</h2>
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
            New document title
            <input value={newTitle} onChange={(e) => setNewTitle(e.target.value)} required maxLength={200} />
          </label>
          <button type="submit">Create document</button>
        </form>
      )}
      {groups[0]?.capabilities['document.create'] && <ImportForm groupId={groups[0].id} onError={setError} />}
      <ErrorText error={error} />
      <dialog ref={dialog} aria-labelledby="delete-title" onClose={() => setToDelete(null)}>
        <h2 id="delete-title">Delete “{toDelete?.title}”?</h2>
        <p>Everyone editing it will be disconnected. This cannot be undone from the app.</p>
        <div className="dialog__actions">
          <button type="button" onClick={() => setToDelete(null)} autoFocus>
            Cancel
          </button>
          <button type="button" className="danger" onClick={confirmDelete}>
            Delete document
          </button>
        </div>
      </dialog>
    </main>
  )
}

/** Import a Word (.docx) or Markdown (.md) file as a new document; numbered paragraphs become Plenary numbering. */
function ImportForm({ groupId, onError }: { groupId: string; onError: (message: string | null) => void }) {
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
      onError((err as Error).message)
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
        <span className="file-pick__button" id="import-file-button">Import a Word or text file…</span>
        <span className="file-pick__name" id="import-file-name" data-testid="import-file-name">
          {file ? file.name : '.docx, .md or .txt'}
        </span>
      </label>
      <label>
        Title of the imported document
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <button type="submit" disabled={busy}>
        Import
      </button>
      {warnings && (
        <div role="status" className="notice">
          <p>Imported, with things to check:</p>
          <ul>
            {warnings.list.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <a href={`#/d/${warnings.docId}`}>Open the imported document</a>
        </div>
      )}
    </form>
  )
}
