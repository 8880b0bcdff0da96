import { useEffect, useState, type FormEvent } from 'react'
import { useEditor, EditorContent } from '@tiptap/react'
import { useTranslation } from 'react-i18next'
import { linkLabel } from './linkLabel'
import { feedbackExtensions } from '../../shared/feedback/schema'
import type { FeedbackLinkInput, FeedbackLinkView, FeedbackUpdateView } from '../../shared/feedback/types'
import type { DocumentSummary } from '../../shared/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { paragraphToken } from '../../shared/feedback/paragraphAnchor'
import { errorMessage } from '../i18n/errorMessage'

/** A shown link back to the form it is posted in; a paragraph link keeps its position, so an edit does not move it. */
function toInput(l: FeedbackLinkView): FeedbackLinkInput {
  if (l.type === 'paragraph') return { type: 'paragraph', documentId: l.documentId, paraRef: l.paraRef, ...(l.position ? { position: l.position } : {}) }
  if (l.type === 'thread') return { type: 'thread', threadId: l.threadId }
  return { type: 'update', updateId: l.updateId }
}

/** The DG office's form to post (or edit) an update: title, formatted body, status label, links. */
export function FeedbackComposer(props: {
  groupId: string
  labels: string[]
  editing?: FeedbackUpdateView
  onDone: (u: FeedbackUpdateView) => void
  onCancel?: () => void
  onLabelsChanged: (labels: string[]) => void
  canAddLabel: boolean
}) {
  const { editing } = props
  const [title, setTitle] = useState(editing?.title ?? '')
  const [label, setLabel] = useState(editing?.statusLabel ?? '')
  const [links, setLinks] = useState<FeedbackLinkInput[]>(editing?.links.map(toInput) ?? [])
  const [docs, setDocs] = useState<DocumentSummary[]>([])
  const [linkDoc, setLinkDoc] = useState('')
  const [linkRef, setLinkRef] = useState('')
  const [newLabel, setNewLabel] = useState('')
  const [error, setError] = useState<string | null>(null)
  const { t } = useTranslation()
  const editor = useEditor({
    extensions: feedbackExtensions(),
    content: editing?.body ?? '',
    editorProps: { attributes: { 'aria-label': t('feedback.composer.text'), role: 'textbox', 'aria-multiline': 'true', class: 'feedback-editor' } },
  })
  useEffect(() => void api.documents(props.groupId).then(setDocs, () => undefined), [props.groupId])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!editor) return
    setError(null)
    const body = { title, body: editor.getJSON(), statusLabel: label || null, links }
    try {
      props.onDone(editing ? await api.editFeedback(editing.id, body) : await api.postFeedback(props.groupId, body))
      if (!editing) {
        setTitle('')
        setLabel('')
        setLinks([])
        editor.commands.clearContent()
      }
    } catch (err) {
      setError(errorMessage(err, 'feedback'))
    }
  }
  // A link the update already had reads as the server shows it now (its paragraph's number today); a new one by the number typed.
  const shownLink = (l: Extract<FeedbackLinkInput, { type: 'paragraph' }>) => {
    const had = editing?.links.find((v) => v.type === 'paragraph' && v.position && l.position && paragraphToken(v.position) === paragraphToken(l.position))
    return had ? linkLabel(had, t) : t('feedback.composer.paragraphLink', { document: docs.find((d) => d.id === l.documentId)?.title ?? l.documentId, paragraph: l.paraRef })
  }
  const addLink = () => {
    if (!linkDoc || !linkRef.trim()) return
    setLinks([...links, { type: 'paragraph', documentId: linkDoc, paraRef: linkRef.trim() }])
    setLinkRef('')
  }
  const addLabel = async () => {
    try {
      props.onLabelsChanged(await api.addFeedbackLabel(props.groupId, newLabel))
      setLabel(newLabel)
      setNewLabel('')
    } catch (err) {
      setError(errorMessage(err, 'feedback'))
    }
  }
  return (
    <form className="card feedback-composer" onSubmit={submit} aria-label={editing ? t('feedback.composer.editTitle') : t('feedback.composer.postTitle')}>
      <h2>{editing ? t('feedback.composer.editTitle') : t('feedback.composer.postTitle')}</h2>
      <label>
        {t('feedback.composer.title')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <div className="feedback-composer__tools" role="toolbar" aria-label={t('editor.toolbar.label')}>
        <button type="button" aria-label={t('editor.toolbar.bold')} onClick={() => editor?.chain().focus().toggleBold().run()}>
          {t('editor.toolbar.boldIcon')}
        </button>
        <button type="button" aria-label={t('editor.toolbar.italic')} onClick={() => editor?.chain().focus().toggleItalic().run()}>
          {t('editor.toolbar.italicIcon')}
        </button>
        <button type="button" aria-label={t('editor.toolbar.bulletList')} onClick={() => editor?.chain().focus().toggleBulletList().run()}>
          •
        </button>
        <button
          type="button"
          aria-label={t('editor.toolbar.link')}
          onClick={() => {
            const url = window.prompt(t('editor.toolbar.linkPrompt'))
            if (url) editor?.chain().focus().setLink({ href: url }).run()
          }}
        >
          {t('editor.toolbar.link')}
        </button>
      </div>
      <EditorContent editor={editor} />
      <label>
        {t('feedback.composer.status')}
        <select aria-label={t('feedback.composer.status')} value={label} onChange={(e) => setLabel(e.target.value)}>
          <option value="">{t('feedback.composer.noStatus')}</option>
          {props.labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      {props.canAddLabel && (
        <div className="inline-form">
          <label>
            {t('feedback.composer.newLabel')}
            <input value={newLabel} onChange={(e) => setNewLabel(e.target.value)} maxLength={60} />
          </label>
          <button type="button" onClick={addLabel} disabled={!newLabel.trim()}>
            {t('feedback.composer.addLabel')}
          </button>
        </div>
      )}
      <fieldset>
        <legend>{t('feedback.composer.links')}</legend>
        <ul>
          {links.map((l, i) => (
            <li key={i}>
              {l.type === 'paragraph' ? shownLink(l) : t(l.type === 'thread' ? 'feedback.composer.linkThread' : 'feedback.composer.linkUpdate')}{' '}
              <button type="button" onClick={() => setLinks(links.filter((_, j) => j !== i))} aria-label={t('feedback.composer.removeLink')}>
                {t('feedback.composer.remove')}
              </button>
            </li>
          ))}
        </ul>
        <div className="inline-form">
          <label>
            {t('feedback.composer.document')}
            <select aria-label={t('feedback.composer.document')} value={linkDoc} onChange={(e) => setLinkDoc(e.target.value)}>
              <option value="">{t('feedback.composer.choose')}</option>
              {docs.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('feedback.composer.paragraph')}
            <input value={linkRef} onChange={(e) => setLinkRef(e.target.value)} placeholder={t('feedback.composer.paragraphExample')} maxLength={20} />
          </label>
          <button type="button" onClick={addLink}>
            {t('feedback.composer.addLink')}
          </button>
        </div>
      </fieldset>
      <button type="submit">{editing ? t('feedback.composer.save') : t('feedback.composer.post')}</button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <ErrorText error={error} />
    </form>
  )
}
