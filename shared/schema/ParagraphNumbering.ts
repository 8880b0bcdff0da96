import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Node as PMNode } from '@tiptap/pm/model'
import { computeNumbering } from './numbering.js'

interface NumberingState {
  decorations: DecorationSet
  /** A paragraph reference to emphasise ("7", "6(b)"), e.g. when opened from a link. */
  focusRef: string | null
}

export const paragraphNumberingKey = new PluginKey<NumberingState>('paragraphNumbering')

function decorate(doc: PMNode, focusRef: string | null): DecorationSet {
  const decorations = computeNumbering(doc).map((item) =>
    Decoration.node(item.pos, item.pos + item.size, {
      'data-label': item.label,
      'data-ref': item.reference,
      'data-level': String(item.level),
      class: item.reference === focusRef ? 'numbered-item numbered-item--focus' : 'numbered-item',
    }),
  )
  return DecorationSet.create(doc, decorations)
}

/**
 * Shows each numbered paragraph's computed label ("6.", "(b)") as a node decoration.
 * Labels are attributes on the rendered <li>, never document content, so every screen
 * renumbers the moment the structure changes and nothing numeric is ever typed or synced.
 * A transaction with meta { focusRef } emphasises one paragraph.
 */
export const ParagraphNumbering = Extension.create({
  name: 'paragraphNumbering',

  addProseMirrorPlugins() {
    return [
      new Plugin<NumberingState>({
        key: paragraphNumberingKey,
        state: {
          init: (_, state) => ({ decorations: decorate(state.doc, null), focusRef: null }),
          apply: (tr, old) => {
            const meta = tr.getMeta(paragraphNumberingKey) as { focusRef: string | null } | undefined
            const focusRef = meta ? meta.focusRef : old.focusRef
            if (!tr.docChanged && !meta) return old
            return { decorations: decorate(tr.doc, focusRef), focusRef }
          },
        },
        props: {
          decorations: (state) => paragraphNumberingKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
