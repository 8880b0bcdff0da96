import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { DocumentSummary } from '../../shared/types'
import type { ProposalAuthor } from '../../shared/amendments/proposal'
import { useSession } from '../session'

/** Whether this person's changes are proposals, and what the toolbar shows of it. */
export interface SuggestControl {
  /** Their changes are proposals now. */
  on: boolean
  /** Amendments mode, without the right to change the agreed text: always on. */
  forced: boolean
  /** Turns "Suggest" on or off (absent when forced). */
  toggle?: () => void
  /** The message key of the last edit that could not be made as a proposal, said politely; null once it has been read. */
  refusal: string | null
}

/** How long a refusal stays on screen. */
const REFUSAL_SHOWN_MS = 6000
/** What the toolbar says of an edit that could not be made as a proposal (a message key). */
const REFUSAL = 'amendments.suggest.refusal'

/**
 * Suggesting for this person in this document: forced in amendments mode for whoever may not
 * change the agreed text (the server refuses their direct edits), chosen with "Suggest" otherwise.
 * Only what the server sent (mode, capabilities) decides; no role is looked at here.
 */
export function useSuggesting(summary: DocumentSummary | null) {
  const me = useSession()
  const [chosen, setChosen] = useState(false)
  const [refusal, setRefusal] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const caps = summary?.access.capabilities
  const mayPropose = !!summary?.access.canEdit && !!caps?.['proposal.create']
  const forced = mayPropose && summary?.mode === 'amendments' && !caps?.['document.editAgreed']
  const groupId = summary?.groupId
  const delegation = me.memberships.find((m) => m.groupId === groupId)?.delegation || null
  const author = useMemo<ProposalAuthor | null>(() => (groupId ? { authorId: me.user.id, delegation } : null), [groupId, me.user.id, delegation])

  const onRefused = useCallback(() => {
    // Said again even when it is the same words: a fresh node makes screen readers read it again.
    setRefusal(null)
    requestAnimationFrame(() => setRefusal(REFUSAL))
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setRefusal(null), REFUSAL_SHOWN_MS)
  }, [])
  const toggle = useCallback(() => setChosen((c) => !c), [])

  const control: SuggestControl | null = mayPropose ? { on: forced || chosen, forced, toggle: forced ? undefined : toggle, refusal } : null
  return { control, author, onRefused }
}
