import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { DocumentRecord } from '../documents/DocumentStore.js'
import type { Proposal } from '../../shared/amendments/proposalsIn.js'
import type { ProposalView, Supporter } from '../../shared/amendments/types.js'
import type { ProposalRecord, SupportRecord } from './AmendmentStore.js'
import type { SignerView } from '../../shared/signers/types.js'
import type { SignerPresenter } from '../signers/SignerPresenter.js'
import { actorIn } from '../auth/access.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Proposals as the API shows them: the open ones as the document holds them now (in document
 * order, with live paragraph references), then the decided ones as recorded, newest first; each
 * with its supporters. Everyone who reads the document sees the same proposals; supportedByMe is
 * the only part that depends on the viewer.
 */
export class ProposalPresenter {
  constructor(
    private readonly groups: Pick<GroupStore, 'personIn' | 'membership'>,
    /** Co-signers of proposals (joint positions). */
    private readonly signers?: SignerPresenter,
  ) {}

  async views(viewer: User, doc: DocumentRecord, open: Proposal[], records: ProposalRecord[], supports: SupportRecord[]): Promise<ProposalView[]> {
    const views = await this.withoutSigners(viewer, doc, open, records, supports)
    if (!this.signers) return views.map((v) => ({ ...v, signers: [] }))
    const signatures = (await this.signers.store.signaturesOfDocument(doc.id)).filter((s) => s.targetType === 'proposal')
    const actor = signatures.length ? (await actorIn(this.groups, viewer, doc.groupId)).actor : null
    const signersOf = async (v: Omit<ProposalView, 'signers'>): Promise<SignerView[]> => {
      const own = signatures.filter((s) => s.targetId === v.id)
      if (!own.length || !actor) return []
      const target = { groupId: doc.groupId, authorId: v.author.id, authorDelegation: v.delegation }
      return this.signers!.views(own, target, await this.signers!.viewer(viewer.id, actor, doc.groupId))
    }
    return Promise.all(views.map(async (v) => ({ ...v, signers: await signersOf(v) })))
  }

  private async withoutSigners(viewer: User, doc: DocumentRecord, open: Proposal[], records: ProposalRecord[], supports: SupportRecord[]): Promise<Omit<ProposalView, 'signers'>[]> {
    const inDocument = new Set(open.map((p) => p.id))
    const supportersOf = new Map<string, SupportRecord[]>()
    for (const s of supports) supportersOf.set(s.proposalId, [...(supportersOf.get(s.proposalId) ?? []), s])
    const decided = records.filter((r) => r.state !== 'open' && !inDocument.has(r.id)).sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0))
    const views: Omit<ProposalView, 'signers'>[] = []
    for (const p of open) views.push(await this.view(viewer, doc, { ...p, state: 'open', decidedBy: null, decidedAt: null, reason: null }, p.from, supportersOf.get(p.id)))
    for (const r of decided) views.push(await this.view(viewer, doc, r, null, supportersOf.get(r.id)))
    return views
  }

  private async view(
    viewer: User,
    doc: DocumentRecord,
    p: Omit<ProposalRecord, 'documentId' | 'groupId'>,
    position: number | null,
    supports: SupportRecord[] = [],
  ): Promise<Omit<ProposalView, 'signers'>> {
    const person = (userId: string) => this.groups.personIn(doc.groupId, userId)
    const supporters: Supporter[] = await Promise.all(supports.map(async (s) => ({ userId: s.userId, name: (await person(s.userId)).name, delegation: s.delegation, at: iso(s.at) })))
    return {
      id: p.id,
      documentId: doc.id,
      author: p.authorId ? await person(p.authorId) : { id: '', name: p.delegation ?? 'Unknown', delegation: p.delegation ?? '' },
      delegation: p.delegation,
      createdAt: iso(p.createdAt),
      kinds: p.kinds,
      inserted: p.inserted,
      deleted: p.deleted,
      formatted: p.formatted,
      paraRef: p.paraRef,
      position,
      state: p.state,
      supporters,
      supportedByMe: supports.some((s) => s.userId === viewer.id),
      decidedBy: p.decidedBy ? await person(p.decidedBy) : null,
      decidedAt: p.decidedAt ? iso(p.decidedAt) : null,
      reason: p.reason,
    }
  }
}
