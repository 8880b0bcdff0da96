import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type * as Y from 'yjs'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { resolveAnchor, type ResolvedAnchor, type ProsemirrorMapping } from '../../shared/comments/anchor'
import type { ThreadView } from '../../shared/comments/types'

export const commentHighlightsKey = new PluginKey<DecorationSet>('commentHighlights')

/**
 * Least milliseconds between two resolutions of every anchor caused by typing (someone else's or
 * one's own): with hundreds of threads a resolution costs milliseconds, and in between the
 * highlights simply move with the text (DecorationSet.map). A new thread list or active thread is
 * resolved at once.
 */
const RESOLVE_EVERY_MS = 250

/** Whether two resolutions put every thread at the same place (then nobody needs to hear of it). */
function samePlaces(a: Map<string, ResolvedAnchor>, b: Map<string, ResolvedAnchor>): boolean {
  if (a.size !== b.size) return false
  for (const [id, r] of a) {
    const o = b.get(id)
    if (!o || o.from !== r.from || o.to !== r.to || o.state !== r.state || o.paraRef !== r.paraRef) return false
  }
  return true
}

export interface CommentHighlightsOptions {
  ydoc: Y.Doc | null
  /** Called with where every thread is now, each time the document or the threads change. */
  onResolved: (resolved: Map<string, ResolvedAnchor>) => void
  /** Called when someone clicks a highlighted passage. */
  onSelect: (threadId: string) => void
  /** Keyboard shortcut handler for "new comment" (Ctrl+Alt+M). */
  onNewComment: () => void
}

interface Meta {
  threads?: ThreadView[]
  activeId?: string | null
  decorations?: DecorationSet
}

/**
 * Draws comment highlights as decorations, never marks: commenting never writes to the document,
 * so a reader with comment rights but no edit rights can comment. Anchors are resolved with the
 * Yjs binding's mapping after each change (relative positions follow concurrent edits; a lost
 * passage is re-found by its quote).
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { ydoc: null, onResolved: () => undefined, onSelect: () => undefined, onNewComment: () => undefined }
  },

  addKeyboardShortcuts() {
    return {
      'Mod-Alt-m': () => {
        this.options.onNewComment()
        return true
      },
    }
  },

  addProseMirrorPlugins() {
    const options = this.options
    let threads: ThreadView[] = []
    let activeId: string | null = null
    let pending: ReturnType<typeof setTimeout> | undefined
    // Set when the document, the threads or the active thread changed since the last resolution;
    // `urgent` when the threads or the active one did (resolved at once, not after RESOLVE_EVERY_MS).
    let dirty = true
    let urgent = true
    let lastResolvedAt = 0
    let lastResolved = new Map<string, ResolvedAnchor>()

    const compute = (state: EditorState): DecorationSet => {
      const binding = ySyncPluginKey.getState(state)?.binding as { mapping: ProsemirrorMapping; type: Y.XmlFragment } | undefined
      const resolved = new Map<string, ResolvedAnchor>()
      const decorations: Decoration[] = []
      if (binding && options.ydoc) {
        for (const t of threads) {
          if (!t.anchor || !t.quote) continue
          try {
            const r = resolveAnchor(options.ydoc, binding.type, state.doc, binding.mapping, { ...t.anchor, quote: t.quote })
            resolved.set(t.id, r)
            if (r.from !== null && r.to !== null && t.status === 'open') {
              decorations.push(
                Decoration.inline(
                  r.from,
                  r.to,
                  { class: `comment-highlight${t.id === activeId ? ' comment-highlight--active' : ''}`, 'data-thread-id': t.id },
                  { threadId: t.id },
                ),
              )
            }
          } catch {
            // The mapping is being rebuilt; the next pass resolves it.
          }
        }
      }
      // Typing that moved nothing relative to the threads (most keystrokes shift positions, though) costs no re-render.
      if (!samePlaces(resolved, lastResolved)) options.onResolved(resolved)
      lastResolved = resolved
      lastResolvedAt = performance.now()
      return DecorationSet.create(state.doc, decorations)
    }

    return [
      new Plugin<DecorationSet>({
        key: commentHighlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, old) {
            const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined
            if (meta?.decorations) return meta.decorations
            if (meta?.threads) threads = meta.threads
            if (meta && 'activeId' in meta) activeId = meta.activeId ?? null
            if (tr.docChanged || meta) dirty = true
            if (meta) urgent = true
            return tr.docChanged ? old.map(tr.mapping, tr.doc) : old
          },
        },
        view() {
          return {
            update(view) {
              if (!dirty) return
              dirty = false
              // Resolve after the Yjs binding has updated its mapping for this change; while
              // typing goes on, at most every RESOLVE_EVERY_MS (one pending resolution covers all).
              if (pending !== undefined && !urgent) return
              clearTimeout(pending)
              const wait = urgent ? 0 : Math.max(0, lastResolvedAt + RESOLVE_EVERY_MS - performance.now())
              urgent = false
              pending = setTimeout(() => {
                pending = undefined
                if (view.isDestroyed) return
                view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { decorations: compute(view.state) }).setMeta('addToHistory', false))
              }, wait)
            },
            destroy() {
              clearTimeout(pending)
            },
          }
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state),
          handleClick(view, pos) {
            const id = commentHighlightsKey.getState(view.state)?.find(pos, pos)[0]?.spec.threadId as string | undefined
            if (id) options.onSelect(id)
            return false
          },
        },
      }),
    ]
  },
})

/** Hands the editor a new thread list or active thread; highlights are recomputed right after. */
export function setHighlightThreads(view: { state: EditorState; dispatch: (tr: EditorState['tr']) => void }, meta: Meta): void {
  view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false))
}
