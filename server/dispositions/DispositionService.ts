import type { User } from '../auth/AccountStore.js'
import type { DocumentRecord, DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { EventHub } from '../events/EventHub.js'
import type { ThreadService } from '../comments/ThreadService.js'
import type { AmendmentService } from '../amendments/AmendmentService.js'
import type { FeedbackLinks } from '../feedback/FeedbackLinks.js'
import type { NotificationService } from '../notifications/NotificationService.js'
import type { NotificationRecord } from '../notifications/NotificationStore.js'
import type { ModerationLog } from '../moderation/ModerationLog.js'
import { documentAccess } from '../auth/access.js'
import { notFound } from '../http/DomainError.js'
import type { NotificationView } from '../../shared/comments/types.js'
import type { ParagraphLink } from '../../shared/feedback/types.js'
import { type DispositionList, type DispositionTargetType, type DispositionValue, type DispositionView, type RecordDisposition } from '../../shared/dispositions/types.js'
import type { DispositionRecord, DispositionStore } from './DispositionStore.js'
import { exportWord } from '../../shared/i18n/exportWords.js'

export interface DispositionDeps {
  store: DispositionStore
  documents: Pick<DocumentStore, 'getDocument'>
  threads: Pick<ThreadService, 'thread' | 'threadVisibleTo'>
  proposals: Pick<AmendmentService, 'list'>
  /** Answering paragraphs are paragraph links, placed and named live as feedback updates' are. */
  links: Pick<FeedbackLinks, 'place' | 'view'>
  groups: Pick<GroupStore, 'personIn' | 'members' | 'membership' | 'getGroup'>
  notifications: Pick<NotificationService, 'add'>
  /** Each recording and clearing, with the disposition before and after (the group's log, as the chair's decisions on proposals are). */
  log: Pick<ModerationLog, 'record'>
  hub: EventHub
}

/** A comment thread or proposal of a document, as a disposition answers it. */
interface Answered {
  type: DispositionTargetType
  authorId: string
  /** The delegation that made it (the proposal's, or its author's in the group). */
  delegation: string
}

/** Longest excerpt of an explanation in a notification. */
const EXCERPT = 140

/** A disposition's value in English, as the log and notifications write it (the exports' word for it). */
const label = (value: DispositionValue) => exportWord('en', `disposition.${value}`)

/** A disposition as the log keeps it: "Partly accepted: Reworded. (answered in ¶7)". */
function describe(d: Pick<DispositionRecord, 'value' | 'explanation' | 'answer'>): string {
  return `${label(d.value)}${d.explanation ? `: ${d.explanation}` : ''}${d.answer ? ` (answered in ¶${d.answer.paraRef})` : ''}`
}

/**
 * Dispositions: the DG office's (or the chair's) answer to each comment thread and proposal of a
 * document, with an explanation and the paragraph of a draft that answers it. Every reader of the
 * document sees them live (a 'dispositions' event carries the document's list); the delegation that
 * made the comment is notified. The routes have decided who may record.
 */
export class DispositionService {
  constructor(private readonly deps: DispositionDeps) {}

  /** The thread or proposal of this document the user may see (404 otherwise: another document's, unknown, withheld). */
  private async answered(user: User, doc: DocumentRecord, targetId: string): Promise<Answered> {
    const thread = await this.deps.threads.thread(targetId)
    if (thread && thread.targetType === 'document' && thread.targetId === doc.id && (await this.deps.threads.threadVisibleTo(user, thread.id))) {
      return { type: 'thread', authorId: thread.authorId, delegation: (await this.deps.groups.membership(doc.groupId, thread.authorId))?.delegation ?? '' }
    }
    if (!thread) {
      const proposal = (await this.deps.proposals.list(user, doc)).proposals.find((p) => p.id === targetId)
      if (proposal) return { type: 'proposal', authorId: proposal.author.id, delegation: proposal.delegation ?? proposal.author.delegation }
    }
    throw notFound('target_not_found', `no comment thread or proposal "${targetId}" on this document`)
  }

  /** Records (or changes) the disposition of a thread or proposal; the answering paragraph must be in a document of the group (400 otherwise). */
  async record(user: User, doc: DocumentRecord, targetId: string, input: RecordDisposition): Promise<DispositionView> {
    const target = await this.answered(user, doc, targetId)
    const answer = input.answer ? ((await this.deps.links.place(doc.groupId, [input.answer]))[0] as ParagraphLink) : null
    await this.deps.hub.change(this.deps.store, async (events) => {
      const before = await this.deps.store.get(targetId)
      const now = { value: input.value, explanation: input.explanation, answer }
      await this.deps.store.put({ targetId, targetType: target.type, documentId: doc.id, groupId: doc.groupId, ...now, by: user.id, at: Date.now() })
      await this.deps.log.record(user.id, doc.groupId, 'record disposition', { type: target.type, id: targetId }, { before: before ? describe(before) : null, after: describe(now) })
      events.push(await this.deps.hub.record(doc.groupId, 'dispositions', doc.id))
      for (const userId of await this.delegationOf(doc.groupId, target, user.id)) {
        await this.deps.notifications.add(events, doc.groupId, { userId, kind: 'disposition', threadId: targetId, messageId: doc.id, actorId: user.id })
      }
    })
    return this.view((await this.deps.store.get(targetId))!, user)
  }

  /** Clears a disposition (404 when there is none on this document). */
  async clear(user: User, doc: DocumentRecord, targetId: string): Promise<void> {
    const target = await this.answered(user, doc, targetId)
    const removed = await this.deps.hub.change(this.deps.store, async (events) => {
      const before = await this.deps.store.get(targetId)
      if (!before || !(await this.deps.store.remove(targetId))) return false
      await this.deps.log.record(user.id, doc.groupId, 'clear disposition', { type: target.type, id: targetId }, { before: describe(before) })
      events.push(await this.deps.hub.record(doc.groupId, 'dispositions', doc.id))
      return true
    })
    if (!removed) throw notFound('disposition_not_found', `"${targetId}" has no disposition`)
  }

  /** The author and every member of the delegation that made it, but the one who answers. */
  private async delegationOf(groupId: string, target: Answered, decider: string): Promise<string[]> {
    const members = await this.deps.groups.members(groupId)
    return members.filter((m) => m.userId !== decider && (m.userId === target.authorId || (target.delegation !== '' && m.delegation === target.delegation))).map((m) => m.userId)
  }

  /** The document's dispositions of the threads and proposals this user may see. */
  async list(user: User, doc: DocumentRecord): Promise<DispositionList> {
    const records = await this.deps.store.listOf(doc.id)
    const seen = await this.seenBy(user, doc, records)
    return { documentId: doc.id, dispositions: await Promise.all(records.filter((_, i) => seen[i]).map((r) => this.view(r, user))) }
  }

  /** Whether the user sees what each disposition answers: a thread they may see, a proposal in their list (asked for once). */
  private async seenBy(user: User, doc: DocumentRecord, records: DispositionRecord[]): Promise<boolean[]> {
    const proposals = records.some((r) => r.targetType === 'proposal') ? new Set((await this.deps.proposals.list(user, doc)).proposals.map((p) => p.id)) : new Set<string>()
    return Promise.all(records.map((r) => (r.targetType === 'proposal' ? proposals.has(r.targetId) : this.deps.threads.threadVisibleTo(user, r.targetId))))
  }

  /** The list as this viewer may see it now, or null (what the 'dispositions' event sends). */
  async listFor(viewer: User, documentId: string): Promise<DispositionList | null> {
    const doc = await this.deps.documents.getDocument(documentId)
    if (!doc || !(await documentAccess(this.deps.groups, viewer, doc)).canRead) return null
    return this.list(viewer, doc)
  }

  /** The answering paragraph as its link reads; in another draft, with that draft's title (exports name it in the document's language: answerLabel). */
  private async answerView(groupId: string, documentId: string, answer: NonNullable<DispositionRecord['answer']>, viewer: User): Promise<NonNullable<DispositionView['answer']>> {
    const view = (await this.deps.links.view(groupId, answer, viewer)) as NonNullable<DispositionView['answer']>
    if (view.broken || view.documentId === documentId) return view
    const title = (await this.deps.documents.getDocument(view.documentId))?.title
    return title === undefined ? view : { ...view, documentTitle: title }
  }

  private async view(r: DispositionRecord, viewer: User): Promise<DispositionView> {
    const person = (id: string) => this.deps.groups.personIn(r.groupId, id)
    return {
      targetType: r.targetType,
      targetId: r.targetId,
      documentId: r.documentId,
      value: r.value,
      explanation: r.explanation,
      answer: r.answer && (await this.answerView(r.groupId, r.documentId, r.answer, viewer)),
      decidedBy: await person(r.decidedBy),
      decidedAt: new Date(r.decidedAt).toISOString(),
      updatedBy: await person(r.updatedBy),
      updatedAt: new Date(r.updatedAt).toISOString(),
    }
  }

  /** A disposition notification as its reader may see it now: null once the disposition is cleared or the comment out of their sight. */
  async notificationView(n: NotificationRecord, user: User): Promise<NotificationView | null> {
    const record = await this.deps.store.get(n.threadId)
    const doc = record && (await this.deps.documents.getDocument(record.documentId))
    if (!doc || !(await documentAccess(this.deps.groups, user, doc)).canRead || !(await this.seenBy(user, doc, [record]))[0]) return null
    const shown = await this.view(record, user)
    return {
      id: n.id,
      kind: 'disposition',
      threadId: shown.targetType === 'thread' ? shown.targetId : '',
      targetType: 'document',
      targetId: shown.documentId,
      messageId: '',
      actor: await this.deps.groups.personIn(doc.groupId, n.actorId),
      excerpt: `${label(shown.value)}${shown.explanation ? `: ${shown.explanation}` : ''}`.slice(0, EXCERPT),
      createdAt: new Date(n.createdAt).toISOString(),
      read: n.readAt !== null,
    }
  }
}
