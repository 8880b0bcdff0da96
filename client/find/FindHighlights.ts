import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { findMatches, type FindMatch, type FindQuery } from './findMatches'

/** What the find bar shows: the matches of the query and which one is current. */
export interface FindState {
  query: FindQuery
  matches: FindMatch[]
  /** Index in matches, -1 when there is none. */
  current: number
  decorations: DecorationSet
}

type FindMeta = { query: FindQuery; near?: number } | { current: number } | { refresh: true }

/** The find plugin's key: read its state with findKey.getState(editor.state). */
export const findKey = new PluginKey<FindState>('find')

const EMPTY_QUERY: FindQuery = { text: '', matchCase: false, wholeWord: false }
/** How long typing may pause before the matches are looked for again (a 30-page document costs a few ms). */
const REFRESH_AFTER_MS = 200

function decorate(doc: EditorState['doc'], matches: FindMatch[], current: number): DecorationSet {
  return DecorationSet.create(
    doc,
    matches.map((m, i) => Decoration.inline(m.from, m.to, { class: i === current ? 'find-match find-match--current' : 'find-match' })),
  )
}

/** The first match at or after a position (wrapping to the first), -1 when there are none. */
function indexNear(matches: FindMatch[], pos: number): number {
  if (!matches.length) return -1
  const i = matches.findIndex((m) => m.from >= pos)
  return i === -1 ? 0 : i
}

function search(state: EditorState, query: FindQuery, current: (matches: FindMatch[]) => number): FindState {
  const matches = findMatches(state.doc, query)
  const index = current(matches)
  return { query, matches, current: index, decorations: decorate(state.doc, matches, index) }
}

/** Sets the query (the current match becomes the first at or after `near`), or the current match. */
export function setFind(view: EditorView, meta: FindMeta): void {
  // Not marked addToHistory: false, which y-tiptap would apply to a replacement just before it too.
  view.dispatch(view.state.tr.setMeta(findKey, meta))
}

/**
 * Highlights every match of the find bar's query (decorations: nothing is written to the document)
 * and the current one apart. Matches are computed once per query and once per pause in changes to
 * the document; in between, the highlights move with the text.
 */
export const FindHighlights = Extension.create({
  name: 'findHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<FindState>({
        key: findKey,
        state: {
          init: (_, state) => ({ query: EMPTY_QUERY, matches: [], current: -1, decorations: DecorationSet.create(state.doc, []) }),
          apply(tr, value, _old, state) {
            const meta = tr.getMeta(findKey) as FindMeta | undefined
            if (meta && 'query' in meta) return search(state, meta.query, (ms) => indexNear(ms, meta.near ?? 0))
            if (meta && 'refresh' in meta) {
              const was = value.matches[value.current]
              return search(state, value.query, (ms) => indexNear(ms, was?.from ?? 0))
            }
            if (meta && 'current' in meta) return { ...value, current: meta.current, decorations: decorate(state.doc, value.matches, meta.current) }
            if (!tr.docChanged || !value.query.text) return value
            // Until the next search: the same matches, moved with the edit.
            const matches = value.matches.map((m) => ({ from: tr.mapping.map(m.from, 1), to: tr.mapping.map(m.to, -1) }))
            return { ...value, matches, decorations: value.decorations.map(tr.mapping, tr.doc) }
          },
        },
        props: { decorations: (state) => findKey.getState(state)?.decorations },
        view: () => {
          let timer: ReturnType<typeof setTimeout> | undefined
          return {
            update(view, previous) {
              if (view.state.doc.eq(previous.doc) || !findKey.getState(view.state)?.query.text) return
              clearTimeout(timer)
              timer = setTimeout(() => {
                if (!view.isDestroyed) setFind(view, { refresh: true })
              }, REFRESH_AFTER_MS)
            },
            destroy: () => clearTimeout(timer),
          }
        },
      }),
    ]
  },
})
