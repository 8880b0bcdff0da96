import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Editor } from '@tiptap/react'
import type { Awareness } from 'y-protocols/awareness'
import type { ProposalList, ProposalView } from '../../shared/amendments/types'
import { proposalsIn, type Proposal } from '../../shared/amendments/proposalsIn'
import type { FormatChange } from '../../shared/amendments/proposal'
import { api } from '../api'
import { useEvent } from '../events/EventsProvider'
import { useSession } from '../session'
import { i18next } from '../i18n/i18n'

/** An open proposal as the panel shows it: the server's view, with the text and place the editor holds now. */
export interface OpenProposal extends ProposalView {
  /** Where it is in the editor's document now (from its first character to the end of its last). */
  from: number
  to: number
  format: FormatChange
  /** The server has not listed it yet (just typed): supporting or deciding it waits until it has. */
  pending: boolean
}

/** How long typing may go on before the live list is computed again. */
const LIVE_DELAY_MS = 150
/** How long to wait before asking the server about a proposal it has not listed yet, and how often. */
const ASK_DELAY_MS = 400
const ASK_TRIES = 3

/**
 * A document's proposals, kept live: the text part from the editor's own document (proposalsIn,
 * instant as people type), joined with the server's list (authors' names, supporters, decided
 * proposals), which is asked again on 'proposals' events, after actions, and when a proposal
 * the server has not listed appears in the text.
 */
export function useProposals(docId: string, editor: Editor | null, awareness: Awareness | null) {
  const me = useSession()
  const [list, setList] = useState<ProposalList | null>(null)
  const [live, setLive] = useState<Proposal[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(
    () =>
      api.proposals(docId).then(
        (next) => {
          setList(next)
          setError(null)
        },
        (e: Error) => setError(e.message),
      ),
    [docId],
  )
  useEffect(() => void reload(), [reload])

  // A 'proposals' event carries one document's list (as this person sees it).
  useEvent('proposals', (data: ProposalList) => {
    if (data.documentId === docId) setList(data)
  })

  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const compute = () => !editor.isDestroyed && setLive(proposalsIn(editor.state.doc))
    const onUpdate = () => {
      clearTimeout(timer)
      timer = setTimeout(compute, LIVE_DELAY_MS)
    }
    compute()
    editor.on('update', onUpdate)
    return () => {
      clearTimeout(timer)
      editor.off('update', onUpdate)
      setLive(null)
    }
  }, [editor])

  // Ask the server about proposals it has not listed yet (its list only changes by events when
  // supporters, decisions or the mode change), a few times, as the text may still be on its way.
  const asked = useRef(new Map<string, number>())
  useEffect(() => {
    if (!live || !list) return
    const known = new Set(list.proposals.map((p) => p.id))
    const unknown = live.filter((p) => !known.has(p.id) && (asked.current.get(p.id) ?? 0) < ASK_TRIES)
    if (unknown.length === 0) return
    const timer = setTimeout(() => {
      for (const p of unknown) asked.current.set(p.id, (asked.current.get(p.id) ?? 0) + 1)
      void reload()
    }, ASK_DELAY_MS)
    return () => clearTimeout(timer)
  }, [live, list, reload])

  const open = useMemo<OpenProposal[]>(() => {
    const byId = new Map((list?.proposals ?? []).map((p) => [p.id, p]))
    if (!live) return (list?.proposals ?? []).filter((p) => p.state === 'open').map((p) => ({ ...p, from: p.position ?? 0, to: p.position ?? 0, format: { added: [], removed: [] }, pending: false }))
    const nameOf = (userId: string, delegation: string | null) => {
      if (userId === me.user.id) return me.user.name
      for (const p of byId.values()) if (p.author.id === userId) return p.author.name
      for (const state of awareness?.getStates().values() ?? []) {
        const user = (state as { user?: { userId?: string; name?: string } }).user
        if (user?.userId === userId && user.name) return user.name
      }
      return delegation ?? i18next.t('amendments.change.unknownAuthor')
    }
    return live.map((p) => {
      const known = byId.get(p.id)
      const text = { kinds: p.kinds, inserted: p.inserted, deleted: p.deleted, formatted: p.formatted, paraRef: p.paraRef, position: p.from, from: p.from, to: p.to, format: p.format }
      if (known?.state === 'open') return { ...known, ...text, pending: false }
      return {
        id: p.id,
        documentId: docId,
        author: { id: p.authorId, name: nameOf(p.authorId, p.delegation), delegation: p.delegation ?? '' },
        delegation: p.delegation,
        createdAt: new Date(p.createdAt).toISOString(),
        ...text,
        state: 'open' as const,
        supporters: [],
        supportedByMe: false,
        decidedBy: null,
        decidedAt: null,
        reason: null,
        pending: true,
      }
    })
  }, [live, list, awareness, docId, me])

  // Decided proposals as the server recorded them; one just decided may still be in this editor's text for a moment.
  const decided = useMemo(() => (list?.proposals ?? []).filter((p) => p.state !== 'open' && !open.some((o) => o.id === p.id)), [list, open])

  return { mode: list?.mode ?? null, open, decided, reload, error }
}
