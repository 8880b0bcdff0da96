import type { AnyExtension } from '@tiptap/core'
import { Blockquote } from '@tiptap/extension-blockquote'
import { Bold } from '@tiptap/extension-bold'
import { Document } from '@tiptap/extension-document'
import { HardBreak } from '@tiptap/extension-hard-break'
import { Heading } from '@tiptap/extension-heading'
import { HorizontalRule } from '@tiptap/extension-horizontal-rule'
import { Italic } from '@tiptap/extension-italic'
import { Link } from '@tiptap/extension-link'
import { BulletList, ListItem, ListKeymap, OrderedList } from '@tiptap/extension-list'
import { Paragraph } from '@tiptap/extension-paragraph'
import { Strike } from '@tiptap/extension-strike'
import { Text } from '@tiptap/extension-text'
import { Underline } from '@tiptap/extension-underline'
import { Dropcursor, Gapcursor, TrailingNode, UndoRedo } from '@tiptap/extensions'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { Plugin } from '@tiptap/pm/state'

/** Only web and mail links are kept; javascript: and data: URLs never become links. */
export function isAllowedLink(url: string): boolean {
  return /^(https?:|mailto:|#|\/)/i.test(url.trim())
}

/** A change that came from the shared Yjs document (someone else's edit, the first sync, an undo). */
function fromSharedDocument(tr: { getMeta(key: unknown): unknown }): boolean {
  return !!(tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin
}

/**
 * Links: web and mail only, not opened on click while editing, and a typed address becomes a link.
 * Only what this person typed is linked: a change arriving from the shared document is left as it
 * is, so a URL one delegate types is linked once by them, not again by every other open editor
 * (and the first sync of a long document does not scan it all).
 */
const SafeLink = Link.extend({
  addProseMirrorPlugins() {
    return (this.parent?.() ?? []).map((plugin) => {
      const append = plugin.spec.appendTransaction
      if (!append || !(plugin as unknown as { key: string }).key.startsWith('autolink$')) return plugin
      return new Plugin({ ...plugin.spec, appendTransaction: (trs, before, after) => (trs.some(fromSharedDocument) ? null : append(trs, before, after)) })
    })
  },
}).configure({
  openOnClick: false,
  autolink: true,
  protocols: ['http', 'https', 'mailto'],
  isAllowedUri: (url) => isAllowedLink(url),
})

/**
 * List items as Word moves them: Alt+Shift+→ makes a paragraph a sub-point (3 becomes 2(a)),
 * Alt+Shift+← lifts it back; Tab and Shift+Tab are left to the browser, so they move the focus out
 * of the editor instead of renumbering the document for everyone.
 */
const ParagraphLevels = ListItem.extend({
  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      'Alt-Shift-ArrowRight': () => this.editor.commands.sinkListItem(this.name),
      'Alt-Shift-ArrowLeft': () => this.editor.commands.liftListItem(this.name),
    }
  },
})

/**
 * The building blocks both editors share, listed one by one (the same set and order Tiptap's
 * StarterKit would give, without code marks and code blocks, so stored documents keep their schema):
 * a document adds headings, quotes and rules, leaves undo to Yjs (ProseMirror's own history would
 * undo other people's edits) and has no automatic trailing paragraph; a feedback update is simpler and
 * keeps ProseMirror's undo.
 */
export function baseExtensions(kind: 'document' | 'feedback'): AnyExtension[] {
  const document = kind === 'document'
  return [
    Bold,
    ...(document ? [Blockquote] : []),
    BulletList,
    Document,
    Dropcursor,
    Gapcursor,
    HardBreak,
    ...(document ? [Heading.configure({ levels: [1, 2, 3] })] : [UndoRedo]),
    ...(document ? [HorizontalRule] : []),
    Italic,
    ParagraphLevels,
    ListKeymap,
    SafeLink,
    OrderedList,
    Paragraph,
    Strike,
    Text,
    Underline,
    // A shared document gets no automatic empty paragraph after a closing list: the editor of whoever
    // opened or typed in it would append one in their name, an edit nobody made (and refused for a
    // reader who may not edit). Enter on an empty last item leaves the list, as in Word.
    ...(document ? [] : [TrailingNode]),
  ]
}
