import { useState, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProposalView } from '../../shared/amendments/types'
import { can, type Action, type Actor } from '../../shared/permissions'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { i18next } from '../i18n/i18n'
import { isoOf, formatMoment } from '../dates'
import { DecisionForm, type Decision } from './DecisionForm'
import { DelegationName, ProposalChange, supportLine } from './ProposalChange'
import type { OpenProposal } from './useProposals'
import { DispositionBox } from '../dispositions/DispositionBox'
import { Signers, signedProposal } from '../comments/Signers'
import { useAction } from '../useAction'

/** Who is looking: the actor for can(), what the server said they may do here, and their delegation. */
export interface ProposalPermissions {
  actor: Actor
  capabilities: Record<Action, boolean>
  delegation: string
  /** The document's working group (whom a joint proposal can be signed with). */
  groupId?: string
}

/** "para 6(b)", or where an unnumbered proposal is, in the interface's language. */
export const proposalPlace = (p: Pick<ProposalView, 'paraRef'>) => (p.paraRef ? i18next.t('comments.para', { ref: p.paraRef }) : i18next.t('comments.unnumbered'))

/** One open proposal: where, whose, what it changes, who supports it, and the actions this person may take. */
export function ProposalCard(props: {
  docId: string
  proposal: OpenProposal
  active: boolean
  perms: ProposalPermissions
  onSelect: () => void
  onDiscuss?: () => void
  onChanged: () => void
}) {
  const { proposal: p, perms, docId } = props
  const { t } = useTranslation()
  const [deciding, setDeciding] = useState<Decision | null>(null)
  const action = useAction()
  const { busy, error } = action
  const act = (call: () => Promise<unknown>) => action.act(call, props.onChanged)
  const { actor, capabilities: caps } = perms
  // Support is for other delegations' proposals (the server answers 409 for one's own delegation's).
  const othersProposal = p.author.id !== actor.userId && (p.delegation ?? '') !== perms.delegation
  const canSupport = caps['proposal.support'] && othersProposal
  const canWithdraw = can(actor, 'proposal.withdraw', { authorId: p.author.id })
  const canDecide = caps['proposal.decide']
  const place = proposalPlace(p)
  const supported = supportLine(p.supporters)
  const waiting = p.pending ? t('proposals.pending') : undefined
  // A click anywhere on the card but its controls shows the proposal in the text, as the place button does.
  const onCardClick = (e: MouseEvent) => {
    if (!(e.target as HTMLElement).closest('button, input, select, textarea, a, form')) props.onSelect()
  }

  return (
    <article
      id={`proposal-${p.id}`}
      className={`proposal-card${props.active ? ' proposal-card--active' : ''}`}
      aria-label={t('proposals.cardLabel', { who: p.delegation || p.author.name, place })}
      data-testid="proposal"
      data-proposal-id={p.id}
      onClick={onCardClick}
    >
      <header className="proposal-card__head">
        <button type="button" className="thread__ref" onClick={props.onSelect} aria-label={t('proposals.show', { place })}>
          {place}
        </button>
        <DelegationName delegation={p.delegation} authorId={p.author.id} />
        <span className="badge">{t('proposals.open')}</span>
      </header>
      <p className="proposal-card__meta">
        {p.author.name} · <time dateTime={isoOf(p.createdAt)}>{formatMoment(p.createdAt)}</time>
      </p>
      <ProposalChange change={p} hueOf={p.delegation ?? p.author.id} />
      {!p.pending && perms.groupId && <Signers target={signedProposal(p, docId, perms.groupId)} actor={actor} delegation={perms.delegation} disabled={busy} onChange={props.onChanged} />}
      {supported && (
        <p className="proposal-card__support" data-testid="supporters">
          {supported}
        </p>
      )}
      <DispositionBox targetId={p.id} />
      <div className="proposal-card__actions">
        {canSupport && (
          <button type="button" disabled={busy || p.pending} title={waiting} onClick={() => void act(() => api.supportProposal(docId, p.id, !p.supportedByMe))}>
            {p.supportedByMe ? t('proposals.withdrawSupport') : t('proposals.support')}
          </button>
        )}
        {canWithdraw && (
          <button type="button" disabled={busy || p.pending} title={waiting} onClick={() => void act(() => api.withdrawProposal(docId, p.id))}>
            {t('proposals.withdraw')}
          </button>
        )}
        {canDecide && (
          <>
            <button type="button" disabled={busy || p.pending} title={waiting} onClick={() => setDeciding('accept')}>
              {t('proposals.accept')}
            </button>
            <button type="button" disabled={busy || p.pending} title={waiting} onClick={() => setDeciding('reject')}>
              {t('proposals.reject')}
            </button>
          </>
        )}
        {props.onDiscuss && (
          <button type="button" onClick={props.onDiscuss} title={t('proposals.discussHint')}>
            {t('proposals.discuss')}
          </button>
        )}
      </div>
      {deciding && (
        <DecisionForm
          decision={deciding}
          count={1}
          onCancel={() => setDeciding(null)}
          onConfirm={async (reason) => {
            if (await act(() => api.decideProposals(docId, [p.id], deciding, reason || undefined))) setDeciding(null)
          }}
        />
      )}
      <ErrorText error={error} />
    </article>
  )
}
