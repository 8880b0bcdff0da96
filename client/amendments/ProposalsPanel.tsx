import { useState } from 'react'
import type { ProposalView } from '../../shared/amendments/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { FilterSelect } from '../FilterSelect'
import { DecisionForm, type Decision } from './DecisionForm'
import { DecidedProposals } from './DecidedProposals'
import { ProposalCard, type ProposalPermissions } from './ProposalCard'
import type { OpenProposal } from './useProposals'
import { delegationsOf } from '../../shared/signers/delegationsOf'

/** The paragraph a reference belongs to: "6" for "6(b)". */
const paragraphOf = (ref: string | null) => (ref ?? '').split('(')[0]
/** The delegations a proposal is listed under: its own and its confirmed co-signers' (a joint proposal is under each), or "No delegation". */
const delegationsOfProposal = (p: ProposalView) => (p.delegation ? delegationsOf(p) : ['No delegation'])

/**
 * The document's proposals, as Word's review pane lists tracked changes: the open ones in
 * document order, filtered by delegation and paragraph, each with the actions this person may
 * take; the chair decides the ones shown all at once; decided ones below, folded.
 */
export function ProposalsPanel(props: {
  docId: string
  open: OpenProposal[]
  decided: ProposalView[]
  error: string | null
  activeId: string | null
  perms: ProposalPermissions
  onSelect: (p: OpenProposal) => void
  onDiscuss?: (p: OpenProposal) => void
  onChanged: () => void
}) {
  const { open, perms, docId } = props
  const [delegation, setDelegation] = useState('')
  const [paragraph, setParagraph] = useState('')
  const [bulk, setBulk] = useState<Decision | null>(null)
  const [error, setError] = useState<string | null>(null)

  const delegations = [...new Set(open.flatMap(delegationsOfProposal))].sort()
  const paragraphs = [...new Set(open.map((p) => paragraphOf(p.paraRef)).filter(Boolean))].sort((a, b) => Number(a) - Number(b))
  const shown = open.filter((p) => (!delegation || delegationsOfProposal(p).includes(delegation)) && (!paragraph || paragraphOf(p.paraRef) === paragraph))
  const decidable = shown.filter((p) => !p.pending)
  const filtered = [delegation, paragraph && `para ${paragraph}`].filter(Boolean).join(', ')

  const decideShown = async (reason: string) => {
    setError(null)
    try {
      await api.decideProposals(docId, decidable.map((p) => p.id), bulk!, reason || undefined)
      setBulk(null)
      props.onChanged()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <section className="proposals" aria-labelledby="proposals-title">
      <div className="comments__head">
        <h2 id="proposals-title">Proposals ({open.length})</h2>
      </div>
      <div className="comments__filters">
        <FilterSelect label="Delegation" name="Proposals by delegation" value={delegation} options={delegations} onChange={setDelegation} />
        <FilterSelect label="Paragraph" name="Proposals in paragraph" value={paragraph} options={paragraphs} onChange={setParagraph} />
      </div>
      {perms.capabilities['proposal.decide'] && decidable.length > 0 && !bulk && (
        <div className="proposals__bulk">
          <button type="button" onClick={() => setBulk('accept')}>
            Accept all shown ({decidable.length})
          </button>
          <button type="button" onClick={() => setBulk('reject')}>
            Reject all shown ({decidable.length})
          </button>
        </div>
      )}
      {bulk && (
        <DecisionForm
          decision={bulk}
          count={decidable.length}
          summary={`${bulk === 'accept' ? 'Accept' : 'Reject'} every proposal shown${filtered ? ` (${filtered})` : ''}: ${decidable.length} in all. Accepting makes them part of the text; rejecting removes them.`}
          onCancel={() => setBulk(null)}
          onConfirm={decideShown}
        />
      )}
      <ErrorText error={error ?? props.error} />
      {shown.length === 0 && <p className="muted">{open.length ? 'No proposals match these filters.' : 'No open proposals.'}</p>}
      <ol className="proposals__list">
        {shown.map((p) => (
          <li key={p.id}>
            <ProposalCard
              docId={docId}
              proposal={p}
              active={p.id === props.activeId}
              perms={perms}
              onSelect={() => props.onSelect(p)}
              onDiscuss={props.onDiscuss && (() => props.onDiscuss!(p))}
              onChanged={props.onChanged}
            />
          </li>
        ))}
      </ol>
      <DecidedProposals proposals={props.decided} />
    </section>
  )
}
