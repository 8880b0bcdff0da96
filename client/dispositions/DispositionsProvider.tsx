import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { Editor } from '@tiptap/react'
import type { DispositionList, DispositionView } from '../../shared/dispositions/types'
import { paragraphNumberingKey } from '../../shared/schema/ParagraphNumbering'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { paragraphAt } from './paragraphAt'

/** What the cards of a document read: its dispositions by thread or proposal, and what this person may do with them. */
export interface Dispositions {
  docId: string
  of(targetId: string): DispositionView | undefined
  /** The server said this person may record dispositions here (the DG office, the chair). */
  canRecord: boolean
  /** A recorded or cleared disposition, shown at once (the event stream brings it to everyone else). */
  changed(targetId: string, view: DispositionView | null): void
  /** The numbered paragraph at the editor's caret ("7(b)"), or null. */
  paragraphAtCaret(): string | null
  /** Brings a paragraph of this document into view and emphasises it. */
  showParagraph(reference: string): void
}

const DispositionsContext = createContext<Dispositions | null>(null)

/** The dispositions of a document for the cards below: loaded once, then kept live by 'dispositions' events. */
export function DispositionsProvider({ docId, editor, canRecord, children }: { docId: string; editor: Editor | null; canRecord: boolean; children: ReactNode }) {
  const [list, setList] = useState<DispositionView[]>([])
  useEffect(() => {
    let current = true
    void api.dispositions(docId).then((l) => current && setList(l.dispositions), () => undefined)
    return () => {
      current = false
    }
  }, [docId])
  useEvent('dispositions', (l: DispositionList) => {
    if (l.documentId === docId) setList(l.dispositions)
  })
  const changed = useCallback((targetId: string, view: DispositionView | null) => setList((old) => [...old.filter((d) => d.targetId !== targetId), ...(view ? [view] : [])]), [])
  const value = useMemo<Dispositions>(() => {
    const byTarget = new Map(list.map((d) => [d.targetId, d]))
    return {
      docId,
      canRecord,
      of: (id) => byTarget.get(id),
      changed,
      paragraphAtCaret: () => (editor && !editor.isDestroyed ? paragraphAt(editor.state.doc, editor.state.selection.from) : null),
      showParagraph: (reference) => {
        const li = document.querySelector(`.document-body li[data-ref="${CSS.escape(reference)}"]`)
        if (!li || !editor || editor.isDestroyed) return
        editor.view.dispatch(editor.state.tr.setMeta(paragraphNumberingKey, { focusRef: reference }))
        li.scrollIntoView({ block: 'center', behavior: 'smooth' })
      },
    }
  }, [list, docId, canRecord, editor, changed])
  return <DispositionsContext.Provider value={value}>{children}</DispositionsContext.Provider>
}

/** The document's dispositions, inside a DispositionsProvider (null elsewhere: cards then show none). */
export function useDispositions(): Dispositions | null {
  return useContext(DispositionsContext)
}
