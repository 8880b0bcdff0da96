import { useEffect, useState, type FormEvent } from 'react'
import { useEditor, EditorContent } from '@tiptap/react'
import { feedbackExtensions } from '../../shared/feedback/schema'
import type { FeedbackLinkInput, FeedbackLinkView, FeedbackUpdateView } from '../../shared/feedback/types'
import type { DocumentSummary } from '../../shared/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { paragraphToken } from '../../shared/feedback/paragraphAnchor'

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
  const editor = useEditor({
    extensions: feedbackExtensions(),
    content: editing?.body ?? '',
    editorProps: { attributes: { 'aria-label': 'Update text', role: 'textbox', 'aria-multiline': 'true', class: 'feedback-editor' } },
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
      setError((err as Error).message)
    }
  }
  // A link the update already had reads as the server shows it now (its paragraph's number today); a new one by the number typed.
  const shownLink = (l: Extract<FeedbackLinkInput, { type: 'paragraph' }>) =>
    editing?.links.find((v) => v.type === 'paragraph' && v.position && l.position && paragraphToken(v.position) === paragraphToken(l.position))?.label ??
    `${docs.find((d) => d.id === l.documentId)?.title ?? l.documentId}, para ${l.paraRef}`
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
      setError((err as Error).message)
    }
  }
  return (
    <form className="card feedback-composer" onSubmit={submit} aria-label={editing ? 'Edit update' : 'Post an update'}>
      <h2>{editing ? 'Edit update' : 'Post an update'}</h2>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <div className="feedback-composer__tools" role="toolbar" aria-label="Formatting">
        <button type="button" aria-label="Bold" onClick={() => editor?.chain().focus().toggleBold().run()}>
          B
        </button>
        <button type="button" aria-label="Italic" onClick={() => editor?.chain().focus().toggleItalic().run()}>
          I
        </button>
        <button type="button" aria-label="Bulleted list" onClick={() => editor?.chain().focus().toggleBulletList().run()}>
          •
        </button>
        <button
          type="button"
          aria-label="Link"
          onClick={() => {
            const url = window.prompt('Link address (https://…)')
            if (url) editor?.chain().focus().setLink({ href: url }).run()
          }}
        >
          Link
        </button>
      </div>
      <EditorContent editor={editor} />
      <label>
        Status
        <select aria-label="Status" value={label} onChange={(e) => setLabel(e.target.value)}>
          <option value="">None</option>
          {props.labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      {props.canAddLabel && (
        <div className="inline-form">
          <label>
            New status label
            <input value={newLabel} onChange={(e) => setNewLabel(e.target.value)} maxLength={60} />
          </label>
          <button type="button" onClick={addLabel} disabled={!newLabel.trim()}>
            Add label
          </button>
        </div>
      )}
      <fieldset>
        <legend>Links to paragraphs</legend>
        <ul>
          {links.map((l, i) => (
            <li key={i}>
              {l.type === 'paragraph' ? shownLink(l) : l.type}{' '}
              <button type="button" onClick={() => setLinks(links.filter((_, j) => j !== i))} aria-label="Remove link">
                Remove
              </button>
            </li>
          ))}
        </ul>
        <div className="inline-form">
          <label>
            Document
            <select aria-label="Document" value={linkDoc} onChange={(e) => setLinkDoc(e.target.value)}>
              <option value="">Choose…</option>
              {docs.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Paragraph
            <input value={linkRef} onChange={(e) => setLinkRef(e.target.value)} placeholder="e.g. 7 or 6(b)" maxLength={20} />
          </label>
          <button type="button" onClick={addLink}>
            Add link
          </button>
        </div>
      </fieldset>
      <button type="submit">{editing ? 'Save changes' : 'Post update'}</button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      )}
      <ErrorText error={error} />
    </form>
  )
}
