import { conflict, invalid, notFound } from '../http/DomainError.js'
import { randomId } from '../auth/secrets.js'
import type { DelegationGroupInput, DelegationGroupView } from '../../shared/signers/types.js'
import type { SignerStore } from './SignerStore.js'
import { delegationGroupView } from './SignerPresenter.js'

/** How many delegation groups one working group may have. */
const MAX_DELEGATION_GROUPS = 100

/**
 * The chair's delegation groups ("GRULAC", "EU and its Member States"): named groups of delegations
 * of one working group that can be invited to co-sign as one. Names are unique in the working group
 * (409); a group that signs anything cannot be deleted (409), so no joint position loses a signer.
 */
export class DelegationGroups {
  constructor(
    private readonly store: SignerStore,
    /** The member delegations of a working group: a group is made of those only. */
    private readonly memberDelegations: (groupId: string) => Promise<string[]>,
  ) {}

  async list(groupId: string): Promise<DelegationGroupView[]> {
    return (await this.store.delegationGroups(groupId)).map(delegationGroupView)
  }

  async create(groupId: string, input: DelegationGroupInput): Promise<DelegationGroupView> {
    if ((await this.store.delegationGroups(groupId)).length >= MAX_DELEGATION_GROUPS) throw conflict('too_many_delegation_groups', `a working group has at most ${MAX_DELEGATION_GROUPS} delegation groups`)
    return this.save({ id: randomId(), groupId, createdAt: Date.now(), ...input })
  }

  async update(groupId: string, id: string, input: DelegationGroupInput): Promise<DelegationGroupView> {
    const existing = await this.get(groupId, id)
    return this.save({ ...existing, ...input })
  }

  async delete(groupId: string, id: string): Promise<void> {
    await this.get(groupId, id)
    await this.store.transaction(async () => {
      if (await this.store.groupSigns(id)) throw conflict('delegation_group_signs', 'this delegation group co-signs comments or proposals; withdraw those invitations first')
      await this.store.deleteDelegationGroup(id)
    })
  }

  private async get(groupId: string, id: string) {
    const group = await this.store.delegationGroup(id)
    if (!group || group.groupId !== groupId) throw notFound('delegation_group_not_found', `no delegation group "${id}" in this working group`)
    return group
  }

  private async save(group: Parameters<SignerStore['saveDelegationGroup']>[0]): Promise<DelegationGroupView> {
    const members = new Set(await this.memberDelegations(group.groupId))
    const unknown = group.delegations.filter((d) => !members.has(d))
    if (unknown.length) throw invalid('unknown_delegation', `no member delegation ${unknown.map((d) => `"${d}"`).join(', ')} in this working group`)
    if (!(await this.store.saveDelegationGroup(group))) throw conflict('delegation_group_name_taken', `a delegation group is already called "${group.name}"`)
    return delegationGroupView(group)
  }
}
