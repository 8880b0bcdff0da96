import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type * as Y from 'yjs'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { findQuote, resolveAnchor, type ResolvedAnchor, type ProsemirrorMapping } from '../../shared/comments/anchor'
import { paragraphReferenceAt } from '../../shared/schema/numbering'
import type { ThreadView } from '../../shared/comments/types'
import { changeMap, docChange, textblockAround } from './docChange'

/** The highlights in one editor state: the threads, the active one, where each passage is, and the decorations drawn. */
export interface CommentHighlightsState {
  threads: ThreadView[]
  activeId: string | null
  /** Where each thread's passage is in this state's document (threads without an anchor have none). */
  places: ReadonlyMap<string, ResolvedAnchor>
  decorations: DecorationSet
}

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>('commentHighlights')

/**
 * Milliseconds after an edit before every anchor is resolved from Yjs again, at most one pass per
 * period while typing goes on. Between passes each edit only moves the passages (see `movePlaces`),
 * which is what resolving them would say except in rare cases this pass puts right: a passage
 * found again by its quote, a deleted one brought back by an undo, a change inside a run of equal
 * characters.
 */
const VERIFY_AFTER_MS = 2000

/** The thread's passage in this editor state, as it is now (React's copy is only renewed when a reference or the order changes). */
export function threadPlace(state: EditorState, id: string): ResolvedAnchor | undefined {
  return commentHighlightsKey.getState(state)?.places.get(id)
}

/** The thread whose highlight covers a position, if any. */
export function threadAt(state: EditorState, pos: number): string | undefined {
  return commentHighlightsKey.getState(state)?.decorations.find(pos, pos)[0]?.spec.threadId as string | undefined
}

function samePlace(a: ResolvedAnchor | undefined, b: ResolvedAnchor | undefined): boolean {
  return !!a && !!b && a.from === b.from && a.to === b.to && a.state === b.state && a.paraRef === b.paraRef
}

/**
 * Whether two sets of places look the same to the comments panel: the same threads, each in the
 * same state and paragraph, in the same order. Typing that only shifts passages is not a change.
 */
function sameShape(a: ReadonlyMap<string, ResolvedAnchor>, b: ReadonlyMap<string, ResolvedAnchor>): boolean {
  if (a === b) return true
  if (a.size !== b.size) return false
  for (const [id, r] of a) {
    const o = b.get(id)
    if (!o || o.state !== r.state || o.paraRef !== r.paraRef || (o.from === null) !== (r.from === null)) return false
  }
  const placed = [...a.keys()].filter((id) => a.get(id)!.from !== null).sort((x, y) => a.get(x)!.from! - a.get(y)!.from!)
  for (let i = 1; i < placed.length; i++) {
    const [p, q] = [placed[i - 1], placed[i]]
    if (Math.sign(a.get(q)!.from! - a.get(p)!.from!) !== Math.sign(b.get(q)!.from! - b.get(p)!.from!)) return false
  }
  return true
}

function highlight(thread: ThreadView, place: ResolvedAnchor | undefined, activeId: string | null): Decoration | null {
  if (!place || place.from === null || place.to === null || thread.status !== 'open') return null
  const className = `comment-highlight${thread.id === activeId ? ' comment-highlight--active' : ''}`
  return Decoration.inline(place.from, place.to, { class: className, 'data-thread-id': thread.id }, { threadId: thread.id })
}

/** Every highlight, drawn anew (the threads or the active one changed). */
function drawAll(doc: PMNode, threads: ThreadView[], activeId: string | null, places: ReadonlyMap<string, ResolvedAnchor>): DecorationSet {
  return DecorationSet.create(
    doc,
    threads.map((t) => highlight(t, places.get(t.id), activeId)).filter((d) => d !== null),
  )
}

/** The highlights of some threads drawn again, the others kept as they are. */
function redraw(set: DecorationSet, doc: PMNode, s: Omit<CommentHighlightsState, 'decorations'>, ids: Set<string>): DecorationSet {
  if (ids.size === 0) return set
  const stale = set.find(undefined, undefined, (spec) => ids.has(spec.threadId as string))
  const fresh = s.threads.filter((t) => ids.has(t.id)).map((t) => highlight(t, s.places.get(t.id), s.activeId)).filter((d) => d !== null)
  return set.remove(stale).add(doc, fresh)
}

type Binding = { mapping: ProsemirrorMapping; type: Y.XmlFragment }

/** Where a thread's passage is, from its Yjs relative positions (or its quote). */
function resolveThread(ydoc: Y.Doc, binding: Binding, doc: PMNode, t: ThreadView): ResolvedAnchor | null {
  if (!t.anchor || !t.quote) return null
  try {
    return resolveAnchor(ydoc, binding.type, doc, binding.mapping, { ...t.anchor, quote: t.quote })
  } catch {
    // The binding's mapping is being rebuilt: the next pass resolves it.
    return null
  }
}

/**
 * The places after an edit. Each passage moves with the text around it: its start stays before
 * text typed at its start, its end before text typed at its end, as its relative positions do.
 * A passage the edit reached into is resolved again: from Yjs when the edit came from Yjs (the
 * binding is up to date then), otherwise by its quote if the edit emptied it. Paragraph
 * references are looked up again only when the edit went beyond one paragraph.
 */
function movePlaces(
  tr: Transaction,
  s: CommentHighlightsState,
  resolveFromYjs: ((t: ThreadView) => ResolvedAnchor | null) | null,
): { places: Map<string, ResolvedAnchor>; mapping: Mapping; moved: Set<string> } | null {
  const change = docChange(tr.before, tr.doc)
  if (!change) return null
  // The binding replaces the whole document on a remote change: map through what changed instead.
  const mapping = tr.getMeta(ySyncPluginKey) === undefined ? tr.mapping : new Mapping([changeMap(change)])
  const structural = !textblockAround(tr.before, change.start, change.endA) || !textblockAround(tr.doc, change.start, change.endB)
  const places = new Map<string, ResolvedAnchor>()
  const moved = new Set<string>()
  for (const [id, p] of s.places) {
    if (p.from === null || p.to === null) {
      places.set(id, p)
      continue
    }
    const from = mapping.map(p.from, 1)
    const to = mapping.map(p.to, -1)
    let next: ResolvedAnchor = { ...p, from, to, paraRef: structural ? paragraphReferenceAt(tr.doc, from) : p.paraRef }
    if (from >= to || (from <= change.endB && to >= change.start)) {
      const t = s.threads.find((x) => x.id === id)
      const again = t && (resolveFromYjs ? resolveFromYjs(t) : from < to ? next : fromQuote(tr.doc, t))
      if (again) next = again
      // Its highlight is drawn again: mapping may have stretched or emptied it.
      moved.add(id)
    }
    places.set(id, samePlace(p, next) ? p : next)
  }
  return { places, mapping, moved }
}

function fromQuote(doc: PMNode, t: ThreadView): ResolvedAnchor {
  const found = t.quote && findQuote(doc, t.quote)
  return found ? { state: 'reanchored', ...found, paraRef: paragraphReferenceAt(doc, found.from) } : { state: 'orphaned', from: null, to: null, paraRef: null }
}

export interface CommentHighlightsOptions {
  ydoc: Y.Doc | null
  /**
   * Called with where every thread is when that changes for the comments panel: a thread added,
   * found again or lost, a paragraph reference, or their order. Positions that typing merely
   * shifted are read with threadPlace.
   */
  onResolved: (resolved: Map<string, ResolvedAnchor>) => void
  /** Called when someone clicks a highlighted passage. */
  onSelect: (threadId: string) => void
  /** Keyboard shortcut handler for "new comment" (Ctrl+Alt+M). */
  onNewComment: () => void
}

interface Meta {
  threads?: ThreadView[]
  activeId?: string | null
  /** Places resolved from Yjs (the periodic check). */
  resolved?: Map<string, ResolvedAnchor>
}

/**
 * Draws comment highlights as decorations, never marks: commenting never writes to the document,
 * so a reader with comment rights but no edit rights can comment. Anchors are Yjs relative
 * positions (they follow concurrent edits; a lost passage is re-found by its quote): resolved
 * when a thread arrives, then moved with each edit, the passages an edit reaches into resolved
 * again at once, and all of them checked against Yjs a little after typing (VERIFY_AFTER_MS).
 * With 300 threads a keystroke costs a few position maps, not 300 resolutions.
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
    const bindingOf = (state: EditorState) => ySyncPluginKey.getState(state)?.binding as Binding | undefined
    const resolver = (state: EditorState, doc: PMNode) => {
      const binding = bindingOf(state)
      const ydoc = options.ydoc
      return binding && ydoc ? (t: ThreadView) => resolveThread(ydoc, binding, doc, t) : null
    }

    return [
      new Plugin<CommentHighlightsState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ threads: [], activeId: null, places: new Map(), decorations: DecorationSet.empty }),
          apply(tr, s, oldState) {
            const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined
            let next = s
            if (tr.docChanged) {
              // A remote change arrives with the binding already mapped to the new document.
              const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
              const moved = movePlaces(tr, s, fromYjs ? resolver(oldState, tr.doc) : null)
              if (moved) {
                const places = moved.places
                next = { ...s, places, decorations: redraw(s.decorations.map(moved.mapping, tr.doc), tr.doc, { ...s, places }, moved.moved) }
              }
            }
            if (!meta) return next
            let { threads, activeId } = next
            const places = new Map(next.places)
            if (meta.threads) {
              threads = meta.threads
              const listed = new Set(threads.map((t) => t.id))
              for (const id of places.keys()) if (!listed.has(id)) places.delete(id)
              // Anchors never change: only threads not seen before are resolved.
              const resolve = resolver(oldState, tr.doc)
              for (const t of threads) {
                if (places.has(t.id) || !resolve) continue
                const r = resolve(t)
                if (r) places.set(t.id, r)
              }
            }
            if ('activeId' in meta) activeId = meta.activeId ?? null
            for (const [id, r] of meta.resolved ?? []) if (threads.some((t) => t.id === id) && !samePlace(places.get(id), r)) places.set(id, r)
            return { threads, activeId, places, decorations: drawAll(tr.doc, threads, activeId, places) }
          },
        },
        view() {
          let published: ReadonlyMap<string, ResolvedAnchor> = new Map()
          let verify: ReturnType<typeof setTimeout> | undefined
          return {
            update(view, prevState) {
              const { places } = commentHighlightsKey.getState(view.state)!
              if (!sameShape(places, published)) {
                published = places
                options.onResolved(new Map(places))
              }
              if (verify !== undefined) return
              // After an edit, or while a thread could not be placed yet (the binding was mapping the document).
              const unplaced = () => commentHighlightsKey.getState(view.state)!.threads.some((t) => t.anchor && t.quote && !places.has(t.id))
              if (view.state.doc === prevState.doc && !unplaced()) return
              verify = setTimeout(() => {
                verify = undefined
                if (view.isDestroyed) return
                const s = commentHighlightsKey.getState(view.state)!
                const resolve = resolver(view.state, view.state.doc)
                if (!resolve) return
                const resolved = new Map<string, ResolvedAnchor>()
                for (const t of s.threads) {
                  const r = resolve(t)
                  if (r && !samePlace(r, s.places.get(t.id))) resolved.set(t.id, r)
                }
                if (resolved.size > 0) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, { resolved }).setMeta('addToHistory', false))
              }, VERIFY_AFTER_MS)
            },
            destroy() {
              clearTimeout(verify)
            },
          }
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleClick(view, pos) {
            const id = threadAt(view.state, pos)
            if (id) options.onSelect(id)
            return false
          },
        },
      }),
    ]
  },
})

/**
 * Hands the editor a new thread list or active thread; the highlights are drawn again in the next
 * task. Not at once: after a click on a highlight, redrawing it before the editor has read where
 * the click put the caret would put back the selection from before the click.
 */
export function setHighlightThreads(view: { state: EditorState; dispatch: (tr: EditorState['tr']) => void; isDestroyed: boolean }, meta: Meta): void {
  setTimeout(() => {
    if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(commentHighlightsKey, meta).setMeta('addToHistory', false))
  }, 0)
}
