import type { GroupStore } from '../groups/GroupStore.js'
import { can, type Actor, type Target } from '../../shared/permissions.js'
import type { DelegationGroupView, SignerTargetType, SignerView } from '../../shared/signers/types.js'
import type { DelegationGroupRecord, SignatureRecord, SignerStore } from './SignerStore.js'

const iso = (ms: number) => new Date(ms).toISOString()

/** What a signed thread or proposal is, for the rules on its signers: its group, author and delegation. */
export interface SignedTarget {
  groupId: string
  authorId: string
  authorDelegation: string | null
}

/** Who is looking: their role in the group (actor) and their delegation there. */
export interface SignerViewer {
  actor: Actor
  delegation: string
}

/** A delegation group as the API shows it. */
export const delegationGroupView = (g: DelegationGroupRecord): DelegationGroupView => ({
  id: g.id,
  groupId: g.groupId,
  name: g.name,
  delegations: g.delegations,
  coordinator: g.coordinator,
  createdAt: iso(g.createdAt),
})

/** Whose members answer an invitation: the invited delegation's, or the group coordinator's. */
export function answeringDelegations(s: Pick<SignatureRecord, 'signerKind' | 'signer'>, group: DelegationGroupRecord | undefined): string[] {
  if (s.signerKind === 'delegation') return [s.signer]
  return group ? [group.coordinator] : []
}

/** The permission target of a signature on a signed thread or proposal, for this viewer. */
export function signatureTarget(target: SignedTarget, viewerDelegation: string, answering: string[] = []): Target {
  return { authorId: target.authorId, authorDelegation: target.authorDelegation, actorDelegation: viewerDelegation, answeringDelegations: answering }
}

/**
 * The co-signers of threads and proposals as each viewer sees them: everyone who reads the target
 * sees the same signers; mayAnswer and mayWithdraw say what this viewer may do with each.
 */
export class SignerPresenter {
  /**
   * The viewer's delegation, looked up once per actor object: a list of threads is rendered for one
   * viewer (one actor), so its threads' signers do not each read the viewer's membership again.
   */
  private readonly delegations = new WeakMap<Actor, Promise<string>>()

  constructor(
    readonly store: SignerStore,
    private readonly groups: Pick<GroupStore, 'personIn' | 'membership'>,
  ) {}

  /** The viewer's role and delegation in the group (`known`: their delegation, when already read with their role). */
  async viewer(userId: string, actor: Actor, groupId: string, known?: string): Promise<SignerViewer> {
    if (known !== undefined) return { actor, delegation: known }
    let delegation = this.delegations.get(actor)
    if (!delegation) {
      delegation = this.groups.membership(groupId, userId).then((m) => m?.delegation ?? '')
      this.delegations.set(actor, delegation)
    }
    return { actor, delegation: await delegation }
  }

  /** Views of these signatures (all of one target) for this viewer. */
  async views(records: SignatureRecord[], target: SignedTarget, viewer: SignerViewer): Promise<SignerView[]> {
    if (!records.length) return []
    const groups = new Map<string, DelegationGroupRecord | undefined>()
    const groupOf = async (id: string) => {
      if (!groups.has(id)) groups.set(id, await this.store.delegationGroup(id))
      return groups.get(id)
    }
    const people = new Map<string, ReturnType<GroupStore['personIn']>>()
    const person = (userId: string) => {
      if (!people.has(userId)) people.set(userId, this.groups.personIn(target.groupId, userId))
      return people.get(userId)!
    }
    return Promise.all(
      records.map(async (s): Promise<SignerView> => {
        const group = s.signerKind === 'group' ? await groupOf(s.signer) : undefined
        const rule = signatureTarget(target, viewer.delegation, answeringDelegations(s, group))
        return {
          id: s.id,
          kind: s.signerKind,
          name: s.signerKind === 'delegation' ? s.signer : (group?.name ?? 'Deleted group'),
          delegations: s.signerKind === 'delegation' ? [s.signer] : (group?.delegations ?? []),
          delegationGroupId: s.signerKind === 'group' ? s.signer : null,
          state: s.state,
          invitedBy: await person(s.invitedBy),
          invitedAt: iso(s.invitedAt),
          answeredBy: s.answeredBy ? await person(s.answeredBy) : null,
          answeredAt: s.answeredAt ? iso(s.answeredAt) : null,
          mayAnswer: s.state === 'invited' && can(viewer.actor, 'signer.answer', rule),
          mayWithdraw: can(viewer.actor, 'signer.withdraw', rule),
        }
      }),
    )
  }
}
