import { Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useEditor, EditorContent, type Editor } from '@tiptap/react'
import { useTranslation } from 'react-i18next'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { Extension } from '@tiptap/core'
import { colorForUser } from '../../shared/presence'
import { useSession } from '../session'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { DOCUMENT_FIELD, documentExtensions, documentSchema } from '../../shared/schema/extensions'
import type { CollabSession } from '../documents/useCollabDocument'
import { Toolbar } from './Toolbar'
import { CommentHighlights, type CommentHighlightsOptions } from '../comments/CommentHighlights'
import { SuggestChanges } from '../amendments/SuggestChanges'
import type { SuggestControl } from '../amendments/useSuggesting'
import type { ProposalAuthor } from '../../shared/amendments/proposal'
import { CaretActivity } from './CaretActivity'
import { TabIndents } from './TabIndents'
import { FindHighlights } from '../find/FindHighlights'
import type { FindMode } from '../find/FindBar'
import { lazyNamed } from '../lazyNamed'
import { useFindShortcuts } from '../find/useFindShortcuts'

/** The find and replace bar, loaded the first time it is opened (Ctrl+F or the toolbar): not part of the document page's first JavaScript. */
const FindBar = lazyNamed(() => import('../find/FindBar'), 'FindBar')

/**
 * Caret label "Name (Delegation)", built from text nodes so no name can inject markup; it fades
 * while its person is still (CaretActivity).
 */
function renderCaret(user: Record<string, unknown>, activity: CaretActivity): HTMLElement {
  const caret = document.createElement('span')
  caret.classList.add('collaboration-carets__caret')
  caret.style.borderColor = String(user.color ?? '#444')
  const label = document.createElement('div')
  label.classList.add('collaboration-carets__label')
  label.style.backgroundColor = String(user.color ?? '#444')
  label.textContent = user.delegation ? `${String(user.name)} (${String(user.delegation)})` : String(user.name ?? '')
  caret.append(label)
  activity.label(user, label)
  return caret
}

/** Ctrl+K opens the link prompt, as in most editors. */
const LinkShortcut = Extension.create({
  name: 'plenaryLinkShortcut',
  addKeyboardShortcuts() {
    return {
      'Mod-k': () => {
        document.querySelector<HTMLButtonElement>('.toolbar button[data-tool="Link"]')?.click()
        return true
      },
    }
  },
})

/** The live editor of one document: shared schema + Yjs collaboration + other people's carets. */
export function DocumentEditor(props: {
  session: CollabSession
  title: string
  editable: boolean
  comments: Omit<CommentHighlightsOptions, 'ydoc'>
  /** Whether this person's changes are proposals (null: they may not propose), and who they are by. */
  suggest: SuggestControl | null
  author: ProposalAuthor | null
  /** An edit could not be made as a proposal and was dropped. */
  onRefused: () => void
  onEditor: (editor: Editor | null) => void
  /** What stands on the page above the text (the paper's header), below the toolbar. */
  header?: ReactNode
}) {
  const { session, title, editable } = props
  const me = useSession()
  const { t } = useTranslation()
  const textLabel = t('editor.documentText', { title })
  // The editor is created once; the latest callbacks are read through this ref.
  const comments = useRef(props.comments)
  comments.current = props.comments
  const onRefused = useRef(props.onRefused)
  onRefused.current = props.onRefused
  const suggesting = props.suggest?.on ?? false
  // The server sets these fields on every awareness state anyway; this only shows them sooner.
  const delegation = me.memberships[0]?.delegation ?? ''
  const activity = useMemo(() => new CaretActivity(session.provider.awareness), [session])
  useEffect(() => activity.listen(), [activity])
  const [find, setFind] = useState<{ mode: FindMode; opened: number } | null>(null)
  useFindShortcuts((mode) => setFind((f) => ({ mode: f?.mode === 'replace' ? 'replace' : mode, opened: (f?.opened ?? 0) + 1 })))
  const editor = useEditor(
    {
      // Made with the loaded document already in it, so its first selection is a place in this
      // document (y-tiptap keeps the first selection when it renders the shared document; that of an
      // empty editor points into the document header, where no text can be).
      content: yXmlFragmentToProseMirrorRootNode(session.ydoc.getXmlFragment(DOCUMENT_FIELD), documentSchema()).toJSON(),
      extensions: [
        ...documentExtensions(),
        LinkShortcut,
        TabIndents,
        FindHighlights,
        Collaboration.configure({ document: session.ydoc, field: DOCUMENT_FIELD }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { userId: me.user.id, name: me.user.name, delegation, color: colorForUser(me.user.id) },
          render: (user) => renderCaret(user, activity),
        }),
        CommentHighlights.configure({
          ydoc: session.ydoc,
          onResolved: (r) => comments.current.onResolved(r),
          onSelect: (id) => comments.current.onSelect(id),
          onNewComment: () => comments.current.onNewComment(),
        }),
        SuggestChanges.configure({ enabled: suggesting, author: props.author, onRefused: () => onRefused.current() }),
      ],
      editable,
      editorProps: {
        attributes: { 'aria-label': textLabel, 'aria-multiline': 'true', role: 'textbox', class: 'document-body' },
      },
    },
    [session],
  )
  useEffect(() => {
    editor?.setEditable(editable)
  }, [editor, editable])
  // The text's name follows the interface's language (and the title) after the editor is made.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const { editorProps } = editor.options
    if (editorProps.attributes && typeof editorProps.attributes === 'object' && editorProps.attributes['aria-label'] === textLabel) return
    editor.setOptions({ editorProps: { ...editorProps, attributes: { ...(editorProps.attributes as Record<string, string>), 'aria-label': textLabel } } })
  }, [editor, textLabel])
  // Set before the next keystroke: the mode can change while the editor is open (the chair switches it).
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    editor.commands.setProposalAuthor(props.author)
    editor.commands.setSuggesting(suggesting)
  }, [editor, suggesting, props.author])
  const { onEditor } = props
  useEffect(() => {
    onEditor(editor)
    return () => onEditor(null)
  }, [editor, onEditor])
  if (!editor) return null
  return (
    <div className={suggesting ? 'editor editor--suggesting' : 'editor'}>
      <Toolbar editor={editor} disabled={!editable} suggest={props.suggest} onFind={() => setFind((f) => ({ mode: 'find', opened: (f?.opened ?? 0) + 1 }))} />
      {find && (
        <Suspense fallback={null}>
        <FindBar
          editor={editor}
          mode={find.mode}
          opened={find.opened}
          canReplace={editable}
          onMode={(mode) => setFind((f) => ({ mode, opened: (f?.opened ?? 0) + 1 }))}
          onClose={() => setFind(null)}
        />
        </Suspense>
      )}
      {props.header}
      <EditorContent editor={editor} className="editor__page" />
    </div>
  )
}
