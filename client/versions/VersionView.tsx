import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useEditor, EditorContent } from '@tiptap/react'
import type { DocumentSummary } from '../../shared/types'
import type { VersionContent } from '../../shared/versions/types'
import { documentExtensions } from '../../shared/schema/extensions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { versionByline, when } from './format'
import { VersionExportLinks } from '../export/ExportLinks'
import { errorMessage } from '../i18n/errorMessage'

/** A saved version, read only, with its numbering; the chair may restore it as a new change. */
export function VersionView({ docId, versionId }: { docId: string; versionId: string }) {
  const [doc, setDoc] = useState<DocumentSummary | null>(null)
  const [version, setVersion] = useState<VersionContent | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const dialog = useRef<HTMLDialogElement>(null)
  const editor = useEditor({ extensions: documentExtensions(), editable: false, content: '' }, [])
  const { t } = useTranslation()

  useEffect(() => {
    Promise.all([api.document(docId), api.version(docId, versionId)])
      .then(([d, v]) => {
        setDoc(d)
        setVersion(v)
        document.title = `${v.name} · ${d.title} · Plenary`
      })
      .catch((e: unknown) => setError(errorMessage(e)))
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
      setError(errorMessage(e))
      setConfirming(false)
    }
  }

  return (
    <main className="page version-view">
      <p>
        <a href={`#/d/${docId}/history`}>{t('versions.backToHistory')}</a>
      </p>
      {version && (
        <header className="version-view__header">
          <h1>{version.name}</h1>
          <p className="muted">
            {doc?.title} · {when(version.createdAt)} · {versionByline(t, version)}
          </p>
          <p className="notice" role="status">
            {t('versions.view.readOnly')}
          </p>
          <div className="version-view__actions">
            <a className="button-link" href={`#/d/${docId}/compare/${versionId}/now`}>
              {t('versions.view.compareWithCurrent')}
            </a>
            <VersionExportLinks docId={docId} versionId={versionId} />
            {doc?.access.capabilities['version.restore'] && (
              <button type="button" onClick={() => setConfirming(true)}>
                {t('versions.view.restore')}
              </button>
            )}
          </div>
        </header>
      )}
      <ErrorText error={error} />
      <div className="document-body document-body--readonly" aria-label={version ? t('versions.view.text', { name: version.name }) : t('versions.view.loading')}>
        <EditorContent editor={editor} />
      </div>
      <dialog ref={dialog} aria-labelledby="restore-title" onClose={() => setConfirming(false)}>
        <h2 id="restore-title">{t('versions.view.restoreTitle', { name: version?.name ?? '' })}</h2>
        <p>{t('versions.view.restoreExplained')}</p>
        <div className="dialog__actions">
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" onClick={restore}>
            {t('versions.view.restoreConfirm')}
          </button>
        </div>
      </dialog>
    </main>
  )
}
