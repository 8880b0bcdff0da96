import type { User } from '../auth/AccountStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { ThreadService } from '../comments/ThreadService.js'
import { invalid } from '../http/DomainError.js'
import { computeNumbering } from '../../shared/schema/numbering.js'
import type { FeedbackLink, FeedbackLinkView } from '../../shared/feedback/types.js'
import type { FeedbackStore } from './FeedbackStore.js'

export interface FeedbackLinksDeps {
  store: Pick<FeedbackStore, 'update'>
  documents: Pick<DocumentStore, 'getDocument'>
  reader: DocumentReader
  threads: Pick<ThreadService, 'thread' | 'threadVisibleTo'>
}

/** Links from an update to places of its group: a paragraph of a document, a comment thread, another update. */
export class FeedbackLinks {
  constructor(private readonly deps: FeedbackLinksDeps) {}

  /** Refuses (400 invalid_link) links to places outside the group, or to paragraphs the document does not have. */
  async check(groupId: string, links: FeedbackLink[]): Promise<void> {
    for (const link of links) {
      if (link.type === 'paragraph') {
        if ((await this.deps.documents.getDocument(link.documentId))?.groupId !== groupId) throw invalid('invalid_link', `no document "${link.documentId}" in this group`)
        using doc = await this.deps.reader.read(link.documentId)
        if (!computeNumbering(doc.pm).some((i) => i.reference === link.paraRef)) throw invalid('invalid_link', `the document has no paragraph ${link.paraRef}`)
      } else if (link.type === 'thread') {
        if ((await this.deps.threads.thread(link.threadId))?.groupId !== groupId) throw invalid('invalid_link', `no comment thread "${link.threadId}" in this group`)
      } else if ((await this.deps.store.update(link.updateId))?.groupId !== groupId) {
        throw invalid('invalid_link', `no feedback update "${link.updateId}" in this group`)
      }
    }
  }

  /** A link as this viewer sees it: a place since deleted, or a comment thread they may not see (awaiting approval, rejected), reads as deleted. */
  async view(groupId: string, link: FeedbackLink, viewer: User): Promise<FeedbackLinkView> {
    if (link.type === 'paragraph') {
      const doc = await this.deps.documents.getDocument(link.documentId)
      const ok = doc?.groupId === groupId
      return { ...link, label: `${ok ? doc!.title : 'Deleted document'}, para ${link.paraRef}`, broken: !ok }
    }
    if (link.type === 'thread') {
      const t = await this.deps.threads.thread(link.threadId)
      const ok = t?.groupId === groupId && t.targetType === 'document' && (await this.deps.threads.threadVisibleTo(viewer, t.id))
      return { ...link, documentId: ok ? t!.targetId : undefined, label: ok ? `Comment on para ${t!.paraRef ?? '—'}` : 'Deleted comment', broken: !ok }
    }
    const u = await this.deps.store.update(link.updateId)
    const ok = u?.groupId === groupId
    return { ...link, label: ok ? u!.title : 'Deleted update', broken: !ok }
  }
}
