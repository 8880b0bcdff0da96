import { useEffect, useRef, useState } from 'react'
import { useEditor, EditorContent } from '@tiptap/react'
import type { DocumentSummary } from '../../shared/types'
import type { VersionContent } from '../../shared/versions/types'
import { documentExtensions } from '../../shared/schema/extensions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { versionByline, when } from './format'
import { VersionExportLinks } from '../export/ExportLinks'

/** A saved version, read only, with its numbering; the chair may restore it as a new change. */
export function VersionView({ docId, versionId }: { docId: string; versionId: string }) {
  const [doc, setDoc] = useState<DocumentSummary | null>(null)
  const [version, setVersion] = useState<VersionContent | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const dialog = useRef<HTMLDialogElement>(null)
  const editor = useEditor({ extensions: documentExtensions(), editable: false, content: '' }, [])

  useEffect(() => {
    Promise.all([api.document(docId), api.version(docId, versionId)])
      .then(([d, v]) => {
        setDoc(d)
        setVersion(v)
        document.title = `${v.name} · ${d.title} · Plenary`
      })
      .catch((e: Error) => setError(e.message))
  }, [docId, versionId])
  useEffect(() => {
    if (editor && version) editor.commands.setContent(version.content as object, { emitUpdate: false })
  }, [editor, version])
  useEffect(() => {
    if (confirming) dialog.current?.showModal()
    else dialog.current?.close()
  }, [confirming])

  const restore = async () => {
    try {
      await api.restoreVersion(docId, versionId)
      location.hash = `#/d/${docId}`
    } catch (e) {
      setError((e as Error).message)
      setConfirming(false)
    }
  }

  return (
    <main className="page version-view">
      <p>
        <a href={`#/d/${docId}/history`}>← Version history</a>
      </p>
      {version && (
        <header className="version-view__header">
          <h1>{version.name}</h1>
          <p className="muted">
            {doc?.title} · {when(version.createdAt)} · {versionByline(version)}
          </p>
          <p className="notice" role="status">
            You are looking at a saved version. It is read only.
          </p>
          <div className="version-view__actions">
            <a className="button-link" href={`#/d/${docId}/compare/${versionId}/now`}>
              Compare with the current document
            </a>
            <VersionExportLinks docId={docId} versionId={versionId} />
            {doc?.access.capabilities['version.restore'] && (
              <button type="button" onClick={() => setConfirming(true)}>
                Restore this version
              </button>
            )}
          </div>
        </header>
      )}
      <ErrorText error={error} />
      <div className="document-body document-body--readonly" aria-label={version ? `Text of ${version.name}` : 'Loading the version'}>
        <EditorContent editor={editor} />
      </div>
      <dialog ref={dialog} aria-labelledby="restore-title" onClose={() => setConfirming(false)}>
        <h2 id="restore-title">Restore “{version?.name}”?</h2>
        <p>
          The document will read as it did in this version, for everyone, as a new change. The current text is kept first as a version named
          “Before restoring”, so nothing is lost.
        </p>
        <div className="dialog__actions">
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            Cancel
          </button>
          <button type="button" onClick={restore}>
            Restore
          </button>
        </div>
      </dialog>
    </main>
  )
}
