import { useState, type FormEvent } from 'react'
import { Trans, useTranslation } from 'react-i18next'
import type { ThreadView } from '../../shared/comments/types'
import type { ProposalView } from '../../shared/amendments/types'
import type { DelegationGroupView, SignerTargetType, SignerView } from '../../shared/signers/types'
import { signersLine } from '../../shared/signers/delegationsOf'
import { can, type Actor } from '../../shared/permissions'
import { nameWithDelegation } from '../../shared/comments/format'
import { currentLanguage, LOCALES } from '../i18n/i18n'
import { api } from '../api'
import { ErrorText } from '../ErrorText'
import { formatMoment } from '../dates'
import { useAction } from '../useAction'

/** What is signed: a thread or proposal of a document, with its author and their delegation. */
export interface SignedTargetProps {
  type: SignerTargetType
  id: string
  documentId: string
  groupId: string
  authorId: string
  authorDelegation: string
  signers: SignerView[] | undefined
}

/** A document thread as a signed target. */
export const signedThread = (t: ThreadView): SignedTargetProps => ({
  type: 'thread',
  id: t.id,
  documentId: t.targetId,
  groupId: t.groupId,
  authorId: t.author.id,
  authorDelegation: t.author.delegation,
  signers: t.signers,
})

/** A proposal of a document as a signed target. */
export const signedProposal = (p: ProposalView, documentId: string, groupId: string): SignedTargetProps => ({
  type: 'proposal',
  id: p.id,
  documentId,
  groupId,
  authorId: p.author.id,
  authorDelegation: p.delegation ?? '',
  signers: p.signers,
})

/** Each co-signer state's message key. */
const STATE_LABEL: Record<SignerView['state'], string> = { invited: 'signers.state.invited', confirmed: 'signers.state.confirmed', declined: 'signers.state.declined' }

/**
 * A joint position on a thread or proposal card: "On behalf of Brazil, Chile and Norway" (the
 * author's delegation first, in the reader's language), who is still awaited, Confirm and Decline
 * for an invited delegation's members, and for the author's delegation the co-signers with Withdraw
 * and a form to invite another delegation or delegation group. The server decided mayAnswer and
 * mayWithdraw; inviting is decided here with can() only to hide what it would refuse.
 */
export function Signers(props: { target: SignedTargetProps; actor: Actor; delegation: string; disabled?: boolean; onChange: (view: ThreadView | ProposalView) => void }) {
  const { target, actor } = props
  const { t } = useTranslation()
  const signers = target.signers ?? []
  const action = useAction()
  const { busy, error } = action
  const mayInvite = can(actor, 'signer.invite', { authorId: target.authorId, authorDelegation: target.authorDelegation, actorDelegation: props.delegation })
  if (!signers.length && !mayInvite) return null
  const act = (call: () => Promise<ThreadView | ProposalView>) => action.act(call, props.onChange)
  const line = signersLine({ author: { delegation: target.authorDelegation }, signers }, LOCALES[currentLanguage()])
  const joint = signers.some((s) => s.state !== 'declined')
  const declined = signers.filter((s) => s.state === 'declined')

  return (
    <section className="signers" aria-label={t('signers.region')} data-testid="signers">
      {joint && (
        <p className="signers__line" data-testid="signers-line">
          <Trans i18nKey="signers.onBehalf" values={{ names: line.names }} components={{ strong: <strong /> }} />
          {line.awaiting && <span className="muted"> · {t('signers.awaiting', { names: line.awaiting })}</span>}
        </p>
      )}
      {declined.length > 0 && <p className="muted">{t('signers.declined', { names: declined.map((s) => s.name).join(', ') })}</p>}
      {signers
        .filter((s) => s.mayAnswer)
        .map((s) => (
          <div key={s.id} className="signers__ask" role="group" aria-label={t('signers.coSignFor', { name: s.name })}>
            <p>{t('signers.invites', { inviter: nameWithDelegation(s.invitedBy), kind: s.kind, group: s.name, target: target.type })}</p>
            <button type="button" disabled={busy || props.disabled} onClick={() => void act(() => api.answerSigner(target.documentId, s.id, 'confirm'))}>
              {t('signers.confirm')}
            </button>
            <button type="button" disabled={busy || props.disabled} onClick={() => void act(() => api.answerSigner(target.documentId, s.id, 'decline'))}>
              {t('signers.decline')}
            </button>
          </div>
        ))}
      {mayInvite && <CoSigners target={target} busy={busy || !!props.disabled} act={act} />}
      <ErrorText error={error} />
    </section>
  )
}

/** The author's delegation's view of the co-signers: each with its state and Withdraw, and the invite form. */
function CoSigners({ target, busy, act }: { target: SignedTargetProps; busy: boolean; act: (call: () => Promise<ThreadView | ProposalView>) => Promise<boolean> }) {
  const { t } = useTranslation()
  const signers = target.signers ?? []
  const [options, setOptions] = useState<{ delegations: string[]; groups: DelegationGroupView[] } | null>(null)
  const [choice, setChoice] = useState('')
  const load = () => {
    if (!options) void api.delegations(target.groupId).then(setOptions, () => setOptions({ delegations: [], groups: [] }))
  }
  const invited = new Set(signers.map((s) => (s.kind === 'group' ? `group:${s.delegationGroupId}` : `delegation:${s.name}`)))
  const delegations = (options?.delegations ?? []).filter((d) => d !== target.authorDelegation && !invited.has(`delegation:${d}`))
  const groups = (options?.groups ?? []).filter((g) => !invited.has(`group:${g.id}`))
  const invite = async (e: FormEvent) => {
    e.preventDefault()
    const [kind, value] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)]
    if (!value) return
    const signer = kind === 'group' ? { delegationGroupId: value } : { delegation: value }
    if (await act(() => api.inviteSigner(target.documentId, target.type, target.id, signer))) setChoice('')
  }
  return (
    <details className="signers__manage" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>{t('signers.coSigners', { count: signers.length })}</summary>
      {signers.length > 0 && (
        <ul className="signers__list">
          {signers.map((s) => (
            <li key={s.id}>
              {s.name} — {t(STATE_LABEL[s.state])}
              {s.answeredBy && s.answeredAt && <span className="muted"> {t('signers.answeredBy', { name: s.answeredBy.name, when: formatMoment(s.answeredAt) })}</span>}{' '}
              {s.mayWithdraw && (
                <button type="button" disabled={busy} aria-label={t('signers.withdrawNamed', { name: s.name })} onClick={() => void act(() => api.withdrawSigner(target.documentId, s.id))}>
                  {t('signers.withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="signers__invite" onSubmit={invite}>
        <label>
          {t('signers.inviteLabel')}
          <select value={choice} onChange={(e) => setChoice(e.target.value)} disabled={!options}>
            <option value="">{options ? t('signers.choose') : t('signers.loading')}</option>
            {delegations.length > 0 && (
              <optgroup label={t('signers.delegations')}>
                {delegations.map((d) => (
                  <option key={d} value={`delegation:${d}`}>
                    {d}
                  </option>
                ))}
              </optgroup>
            )}
            {groups.length > 0 && (
              <optgroup label={t('signers.delegationGroups')}>
                {groups.map((g) => (
                  <option key={g.id} value={`group:${g.id}`}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <button type="submit" disabled={busy || !choice}>
          {t('signers.invite')}
        </button>
      </form>
    </details>
  )
}
