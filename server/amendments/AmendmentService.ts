import type { User } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { DocumentRecord, DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { EventHub } from '../events/EventHub.js'
import type { ModerationLog } from '../moderation/ModerationLog.js'
import { conflict, notFound } from '../http/DomainError.js'
import { DOCUMENT_FIELD } from '../../shared/schema/extensions.js'
import { proposalsIn, type Proposal } from '../../shared/amendments/proposalsIn.js'
import { decideProposals, type Decision } from '../../shared/amendments/decideProposals.js'
import type { EditingMode, ProposalList, ProposalState, ProposalView } from '../../shared/amendments/types.js'
import type { AmendmentStore, ProposalRecord } from './AmendmentStore.js'
import { ProposalPresenter } from './ProposalPresenter.js'
import type { SignerPresenter } from '../signers/SignerPresenter.js'

export interface AmendmentDeps {
  store: AmendmentStore
  storage: Pick<DocumentStore, 'setMode'>
  reader: DocumentReader
  rooms: DocumentRooms
  groups: Pick<GroupStore, 'personIn' | 'membership'>
  log: ModerationLog
  hub: EventHub
  /** Open websockets re-decide their rights (after the mode changed). */
  onAccessChanged: () => void
  /** Co-signers shown on proposals (joint positions). */
  signers?: SignerPresenter
}

const DECIDED: Record<Decision, ProposalState> = { accept: 'accepted', reject: 'rejected' }

/**
 * Amendments: the document's editing mode, and proposals — their text lives in the document as
 * marks (shared/amendments); supporters and decisions live here. Deciding changes the document as
 * one Yjs change made by the server on behalf of the chair (or of the author, withdrawing), which
 * everyone sees live and a restore from version history undoes. The routes have decided who may.
 */
export class AmendmentService {
  private readonly presenter: ProposalPresenter
  /** The decision or withdrawal under way on each document (see oneAtATime). */
  private readonly deciding = new Map<string, Promise<unknown>>()

  constructor(private readonly deps: AmendmentDeps) {
    this.presenter = new ProposalPresenter(deps.groups, deps.signers)
  }

  /** The open proposals in document order, then the decided ones, newest first, as this user sees them. */
  async list(user: User, doc: DocumentRecord): Promise<ProposalList> {
    const cursor = await this.deps.hub.latestSeq()
    const open = await this.openProposals(doc.id)
    const records = await this.deps.store.proposalsOf(doc.id)
    const supporters = await this.deps.store.supportersOf(doc.id)
    const views = await this.presenter.views(user, doc, open, records, supporters)
    return { documentId: doc.id, mode: doc.mode, proposals: views, cursor }
  }

  /** One proposal as this user sees it; 404 when the document has no such proposal. */
  async get(user: User, doc: DocumentRecord, id: string): Promise<ProposalView> {
    const view = (await this.list(user, doc)).proposals.find((p) => p.id === id)
    if (!view) throw proposalNotFound(id)
    return view
  }

  /** Proposals decided (accepted, rejected, withdrawn) after `from` and up to `to` (ms since the epoch), newest first. */
  async decidedBetween(user: User, doc: DocumentRecord, from: number, to: number): Promise<ProposalView[]> {
    return (await this.list(user, doc)).proposals.filter((p) => p.decidedAt !== null && Date.parse(p.decidedAt) > from && Date.parse(p.decidedAt) <= to)
  }

  /** An open proposal of the document (404 otherwise): what the permission rules read of it. */
  async openProposal(docId: string, id: string): Promise<Proposal> {
    const proposal = (await this.openProposals(docId)).find((p) => p.id === id)
    if (!proposal) throw proposalNotFound(id)
    return proposal
  }

  async setMode(doc: DocumentRecord, mode: EditingMode): Promise<DocumentRecord> {
    const updated = (await this.deps.storage.setMode(doc.id, mode))!
    await this.publish(doc, async () => {})
    this.deps.onAccessChanged()
    return updated
  }

  /** Joins a proposal for the user's delegation (409 for one's own delegation's proposal). */
  async support(user: User, doc: DocumentRecord, id: string): Promise<ProposalView> {
    const proposal = await this.openProposal(doc.id, id)
    const delegation = (await this.deps.groups.membership(doc.groupId, user.id))?.delegation ?? ''
    if (proposal.authorId === user.id || (delegation && delegation === proposal.delegation)) throw conflict('own_proposal', 'this proposal is already your delegation’s')
    await this.publish(doc, async () => {
      await this.record(doc, proposal, 'open')
      await this.deps.store.addSupport({ proposalId: id, userId: user.id, delegation, at: Date.now() })
    })
    return this.get(user, doc, id)
  }

  async unsupport(user: User, doc: DocumentRecord, id: string): Promise<ProposalView> {
    await this.openProposal(doc.id, id)
    await this.publish(doc, async () => {
      if (!(await this.deps.store.removeSupport(id, user.id))) throw conflict('not_supported', 'you do not support this proposal')
    })
    return this.get(user, doc, id)
  }

  /** The author takes their proposal back: its text leaves the document as if rejected. */
  async withdraw(user: User, doc: DocumentRecord, id: string): Promise<ProposalView> {
    await this.oneAtATime(doc.id, async () => {
      const [proposal] = await this.change(user, doc, [id], 'reject')
      await this.publish(doc, () => this.record(doc, proposal, 'withdrawn', { by: user.id, reason: null }))
    })
    return this.get(user, doc, id)
  }

  /** The chair accepts or rejects proposals (every one must be open), as one change of the document; each is logged with its text. */
  async decide(user: User, doc: DocumentRecord, ids: string[], decision: Decision, reason: string | null): Promise<ProposalView[]> {
    const proposals = await this.oneAtATime(doc.id, async () => {
      const decided = await this.change(user, doc, ids, decision)
      await this.publish(doc, async () => {
        for (const p of decided) {
          await this.record(doc, p, DECIDED[decision], { by: user.id, reason })
          await this.deps.log.record(user.id, doc.groupId, `${decision} proposal`, { type: 'proposal', id: p.id }, { before: describe(p), after: DECIDED[decision], reason })
        }
      })
      return decided
    })
    const views = (await this.list(user, doc)).proposals
    return proposals.map((p) => views.find((v) => v.id === p.id)!)
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Decisions and withdrawals on one document, one after the other: each finds the proposals as the
   * one before left them, so two at once on the same proposal give one decision and one 404, never
   * a text accepted and recorded as rejected.
   */
  private oneAtATime<T>(docId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.deciding.get(docId) ?? Promise.resolve()).catch(() => undefined).then(fn)
    this.deciding.set(docId, next)
    void next.then(
      () => this.forget(docId, next),
      () => this.forget(docId, next),
    )
    return next
  }

  private forget(docId: string, done: Promise<unknown>): void {
    if (this.deciding.get(docId) === done) this.deciding.delete(docId)
  }

  private async openProposals(docId: string): Promise<Proposal[]> {
    using current = await this.deps.reader.read(docId)
    return proposalsIn(current.pm)
  }

  /** Accepts or rejects open proposals in the live document, as the user; 404 when one is not open. */
  private async change(user: User, doc: DocumentRecord, ids: string[], decision: Decision): Promise<Proposal[]> {
    const open = await this.openProposals(doc.id)
    const proposals = [...new Set(ids)].map((id) => open.find((p) => p.id === id) ?? throwNotFound(id))
    const { rooms } = this.deps
    const room = (await rooms.open(doc.id))!
    rooms.changeAs(room, user.id, (origin) => decideProposals(room.doc.getXmlFragment(DOCUMENT_FIELD), ids, decision, origin))
    await rooms.settle(room)
    rooms.unloadWhenIdle(room)
    return proposals
  }

  private record(doc: DocumentRecord, p: Proposal, state: ProposalState, decided?: { by: string; reason: string | null }): Promise<void> {
    const record: ProposalRecord = {
      id: p.id,
      documentId: doc.id,
      groupId: doc.groupId,
      authorId: p.authorId,
      delegation: p.delegation,
      createdAt: p.createdAt,
      state,
      kinds: p.kinds,
      inserted: p.inserted,
      deleted: p.deleted,
      formatted: p.formatted,
      paraRef: p.paraRef,
      decidedBy: decided?.by ?? null,
      decidedAt: decided ? Date.now() : null,
      reason: decided?.reason ?? null,
    }
    return this.deps.store.saveProposal(record)
  }

  /** Writes a change in one transaction with its 'proposals' event, then publishes it. */
  private publish(doc: DocumentRecord, fn: () => Promise<void>): Promise<void> {
    return this.deps.hub.change(this.deps.store, async (events) => {
      await fn()
      events.push(await this.deps.hub.record(doc.groupId, 'proposals', doc.id))
    })
  }
}

const proposalNotFound = (id: string) => notFound('proposal_not_found', `no open proposal "${id}" in this document`)
const throwNotFound = (id: string): never => {
  throw proposalNotFound(id)
}

/** The proposal in a line, for the moderation log: what it inserts, deletes and reformats. */
function describe(p: Proposal): string {
  const parts = [p.inserted && `insert “${p.inserted}”`, p.deleted && `delete “${p.deleted}”`, p.formatted && `format “${p.formatted}”`].filter(Boolean)
  return `${p.delegation ?? 'Unknown delegation'}${p.paraRef ? `, para ${p.paraRef}` : ''}: ${parts.join('; ')}`.slice(0, 2000)
}
