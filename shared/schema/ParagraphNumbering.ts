import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { Node as PMNode } from '@tiptap/pm/model'
import { computeNumbering } from './numbering.js'

export const paragraphNumberingKey = new PluginKey<DecorationSet>('paragraphNumbering')

function decorate(doc: PMNode): DecorationSet {
  const decorations = computeNumbering(doc).map((item) =>
    Decoration.node(item.pos, item.pos + item.size, {
      'data-label': item.label,
      'data-ref': item.reference,
      'data-level': String(item.level),
      class: 'numbered-item',
    }),
  )
  return DecorationSet.create(doc, decorations)
}

/**
 * Shows each numbered paragraph's computed label ("6.", "(b)") as a node decoration.
 * Labels are attributes on the rendered <li>, never document content, so every screen
 * renumbers the moment the structure changes and nothing numeric is ever typed or synced.
 */
export const ParagraphNumbering = Extension.create({
  name: 'paragraphNumbering',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: paragraphNumberingKey,
        state: {
          init: (_, state) => decorate(state.doc),
          apply: (tr, old) => (tr.docChanged ? decorate(tr.doc) : old),
        },
        props: {
          decorations: (state) => paragraphNumberingKey.getState(state),
        },
      }),
    ]
  },
})
