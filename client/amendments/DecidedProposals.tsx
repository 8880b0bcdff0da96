import { useTranslation } from 'react-i18next'
import type { ProposalView } from '../../shared/amendments/types'
import { nameWithDelegation } from '../../shared/comments/format'
import { isoOf, formatMoment } from '../dates'
import { DelegationName, ProposalChange, supportLine } from './ProposalChange'
import { proposalPlace } from './ProposalCard'
import { DispositionBox } from '../dispositions/DispositionBox'


/** Decided proposals, newest first, in a section closed until asked for: the decision, who made it and when, and why. */
export function DecidedProposals({ proposals }: { proposals: ProposalView[] }) {
  const { t } = useTranslation()
  if (proposals.length === 0) return null
  return (
    <details className="proposals__decided" data-testid="decided-proposals">
      <summary>{t('proposals.decided', { count: proposals.length })}</summary>
      <ol className="proposals__list">
        {proposals.map((p) => (
          <li key={p.id} className={`proposal-card proposal-card--${p.state}`} data-testid="decided-proposal">
            <p className="proposal-card__head">
              <span className={`badge badge--${p.state}`}>{t('proposals.state', { state: p.state })}</span>
              <span>{proposalPlace(p)}</span>
              <DelegationName delegation={p.delegation} authorId={p.author.id} />
            </p>
            <p className="proposal-card__meta">{t('proposals.proposedBy', { name: p.author.name })}</p>
            <ProposalChange change={p} />
            {p.supporters.length > 0 && <p className="proposal-card__support">{supportLine(p.supporters)}</p>}
            <p className="proposal-card__meta">
              {p.decidedBy ? t('proposals.stateBy', { state: p.state, by: nameWithDelegation(p.decidedBy) }) : t('proposals.state', { state: p.state })}
              {p.decidedAt && (
                <>
                  {' · '}
                  <time dateTime={isoOf(p.decidedAt)}>{formatMoment(p.decidedAt)}</time>
                </>
              )}
            </p>
            {p.reason && <p className="proposal-card__reason">{t('proposals.reason', { reason: p.reason })}</p>}
            <DispositionBox targetId={p.id} />
          </li>
        ))}
      </ol>
    </details>
  )
}
