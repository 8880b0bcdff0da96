import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProposalView } from '../../shared/amendments/types'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { errorMessage } from '../i18n/errorMessage'
import { i18next } from '../i18n/i18n'
import { FilterSelect } from '../FilterSelect'
import { DecisionForm, type Decision } from './DecisionForm'
import { DecidedProposals } from './DecidedProposals'
import { ProposalCard, type ProposalPermissions } from './ProposalCard'
import type { OpenProposal } from './useProposals'
import { delegationsOf } from '../../shared/signers/delegationsOf'

/** The paragraph a reference belongs to: "6" for "6(b)". */
const paragraphOf = (ref: string | null) => (ref ?? '').split('(')[0]
/** The delegations a proposal is listed under: its own and its confirmed co-signers' (a joint proposal is under each), or "No delegation". */
const delegationsOfProposal = (p: ProposalView) => (p.delegation ? delegationsOf(p) : [i18next.t('amendments.change.noDelegation')])

/** The confirmation's sentence for each decision: without filters, and naming the filters. */
const BULK_SUMMARY: Record<Decision, [string, string]> = {
  accept: ['proposals.bulkAccept', 'proposals.bulkAcceptFiltered'],
  reject: ['proposals.bulkReject', 'proposals.bulkRejectFiltered'],
}

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
  const { t } = useTranslation()
  const [delegation, setDelegation] = useState('')
  const [paragraph, setParagraph] = useState('')
  const [bulk, setBulk] = useState<Decision | null>(null)
  const [error, setError] = useState<string | null>(null)

  const delegations = [...new Set(open.flatMap(delegationsOfProposal))].sort()
  const paragraphs = [...new Set(open.map((p) => paragraphOf(p.paraRef)).filter(Boolean))].sort((a, b) => Number(a) - Number(b))
  const shown = open.filter((p) => (!delegation || delegationsOfProposal(p).includes(delegation)) && (!paragraph || paragraphOf(p.paraRef) === paragraph))
  const decidable = shown.filter((p) => !p.pending)
  const filtered = [delegation, paragraph && t('comments.para', { ref: paragraph })].filter(Boolean).join(', ')

  const decideShown = async (reason: string) => {
    setError(null)
    try {
      await api.decideProposals(docId, decidable.map((p) => p.id), bulk!, reason || undefined)
      setBulk(null)
      props.onChanged()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <section className="proposals" aria-labelledby="proposals-title">
      <div className="comments__head">
        <h2 id="proposals-title">{t('proposals.title', { count: open.length })}</h2>
      </div>
      <div className="comments__filters">
        <FilterSelect label={t('proposals.filters.delegation')} name={t('proposals.filters.byDelegation')} value={delegation} options={delegations} onChange={setDelegation} />
        <FilterSelect label={t('proposals.filters.paragraph')} name={t('proposals.filters.inParagraph')} value={paragraph} options={paragraphs} onChange={setParagraph} />
      </div>
      {perms.capabilities['proposal.decide'] && decidable.length > 0 && !bulk && (
        <div className="proposals__bulk">
          <button type="button" onClick={() => setBulk('accept')}>
            {t('proposals.acceptShown', { count: decidable.length })}
          </button>
          <button type="button" onClick={() => setBulk('reject')}>
            {t('proposals.rejectShown', { count: decidable.length })}
          </button>
        </div>
      )}
      {bulk && (
        <DecisionForm
          decision={bulk}
          count={decidable.length}
          summary={t(BULK_SUMMARY[bulk][filtered ? 1 : 0], { filtered, count: decidable.length })}
          onCancel={() => setBulk(null)}
          onConfirm={decideShown}
        />
      )}
      <ErrorText error={error ?? props.error} />
      {shown.length === 0 && <p className="muted">{open.length ? t('proposals.noMatch') : t('proposals.none')}</p>}
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
