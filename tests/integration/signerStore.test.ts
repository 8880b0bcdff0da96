import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, storeSuite, unique } from '../helpers/storeAdapters.js'
import type { SignatureRecord } from '../../server/signers/SignerStore.js'

/** An invitation of a delegation to co-sign a thread, as the service writes it. */
const invitation = (targetId: string, signer: string, over: Partial<SignatureRecord> = {}): SignatureRecord => ({
  id: unique('s'),
  groupId: 'g',
  documentId: 'd',
  targetType: 'thread',
  targetId,
  signerKind: 'delegation',
  signer,
  state: 'invited',
  invitedBy: 'u-brazil',
  invitedAt: 1_700_000_000_000,
  answeredBy: null,
  answeredAt: null,
  ...over,
})

describe.each(STORE_ADAPTERS)('the signer store on $name', (adapter) => {
  const suite = storeSuite(adapter)
  const store = () => suite.stores.signers

  it('keeps invitations per target in the order they were made, one per signer', async () => {
    const target = unique('t')
    const chile = invitation(target, 'Chile')
    const norway = invitation(target, 'Norway', { invitedAt: chile.invitedAt - 5 })
    expect(await store().addSignature(chile)).toBe(true)
    expect(await store().addSignature(norway)).toBe(true)
    expect(await store().addSignature(invitation(target, 'Chile'))).toBe(false)
    // The same delegation can sign another target, and a proposal with the same id is another target.
    expect(await store().addSignature(invitation(unique('t'), 'Chile'))).toBe(true)
    expect(await store().addSignature(invitation(target, 'Chile', { targetType: 'proposal' }))).toBe(true)
    const listed = await store().signaturesOf('thread', target)
    expect(listed.map((s) => s.signer)).toEqual(['Chile', 'Norway'])
    expect(listed[0]).toEqual(chile)
    expect(await store().signature(norway.id)).toEqual(norway)
    expect(await store().signature('nope')).toBeUndefined()
  })

  it('records one answer per invitation, and forgets a withdrawn one', async () => {
    const s = invitation(unique('t'), 'Chile')
    await store().addSignature(s)
    expect(await store().answer(s.id, 'confirmed', 'u-chile', 1_700_000_000_123)).toBe(true)
    expect(await store().answer(s.id, 'declined', 'u-chile2', 1_700_000_000_456)).toBe(false)
    expect(await store().signature(s.id)).toMatchObject({ state: 'confirmed', answeredBy: 'u-chile', answeredAt: 1_700_000_000_123 })
    expect(await store().removeSignature(s.id)).toBe(true)
    expect(await store().removeSignature(s.id)).toBe(false)
    expect(await store().signaturesOf('thread', s.targetId)).toEqual([])
  })

  it('lists a document’s signatures across its threads and proposals', async () => {
    const documentId = unique('d')
    await store().addSignature(invitation(unique('t'), 'Chile', { documentId }))
    await store().addSignature(invitation(unique('p'), 'Norway', { documentId, targetType: 'proposal' }))
    await store().addSignature(invitation(unique('t'), 'Chile'))
    expect((await store().signaturesOfDocument(documentId)).map((s) => [s.targetType, s.signer])).toEqual([
      ['thread', 'Chile'],
      ['proposal', 'Norway'],
    ])
  })

  it('keeps delegation groups by name, unique in their working group, and knows which of them sign', async () => {
    const groupId = unique('g')
    const eu = { id: unique('dg'), groupId, name: 'EU and its Member States', delegations: ['France', 'Germany'], coordinator: 'Germany', createdAt: 1 }
    const grulac = { id: unique('dg'), groupId, name: 'GRULAC', delegations: ['Brazil', 'Chile'], coordinator: 'Chile', createdAt: 2 }
    expect(await store().saveDelegationGroup(grulac)).toBe(true)
    expect(await store().saveDelegationGroup(eu)).toBe(true)
    expect(await store().saveDelegationGroup({ ...eu, id: unique('dg') })).toBe(false)
    expect(await store().saveDelegationGroup({ ...eu, groupId: unique('g'), id: unique('dg') })).toBe(true)
    expect(await store().saveDelegationGroup({ ...eu, delegations: ['France', 'Germany', 'Italy'] })).toBe(true)
    expect(await store().delegationGroups(groupId)).toEqual([{ ...eu, delegations: ['France', 'Germany', 'Italy'] }, grulac])
    expect(await store().saveDelegationGroup({ ...grulac, name: eu.name })).toBe(false)

    expect(await store().groupSigns(eu.id)).toBe(false)
    await store().addSignature(invitation(unique('t'), eu.id, { signerKind: 'group' }))
    expect(await store().groupSigns(eu.id)).toBe(true)
    // A delegation named like a group's id is not the group.
    await store().addSignature(invitation(unique('t'), grulac.id))
    expect(await store().groupSigns(grulac.id)).toBe(false)
    expect(await store().deleteDelegationGroup(grulac.id)).toBe(true)
    expect(await store().deleteDelegationGroup(grulac.id)).toBe(false)
    expect(await store().delegationGroup(grulac.id)).toBeUndefined()
  })

  it('refuses states and kinds it does not know, whoever writes them', async () => {
    await expect(adapter.exec(suite.stores, `UPDATE signatures SET state = 'maybe'`)).rejects.toThrow()
    await expect(
      adapter.exec(suite.stores, `INSERT INTO signatures (id, group_id, document_id, target_type, target_id, signer_kind, signer, state, invited_by, invited_at) VALUES ('x', 'g', 'd', 'message', 't', 'delegation', 'Chile', 'invited', 'u', 1)`),
    ).rejects.toThrow()
  })
})
