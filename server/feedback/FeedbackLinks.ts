import type { User } from '../auth/AccountStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { ThreadService } from '../comments/ThreadService.js'
import { invalid } from '../http/DomainError.js'
import { computeNumbering } from '../../shared/schema/numbering.js'
import type { FeedbackLink, FeedbackLinkInput, FeedbackLinkView, ParagraphLink } from '../../shared/feedback/types.js'
import { paragraphPositionOf, paragraphQuote, paragraphToken, resolveParagraph, type ParagraphPosition, type ResolvedParagraph } from '../../shared/feedback/paragraphAnchor.js'
import type { FeedbackStore } from './FeedbackStore.js'

export interface FeedbackLinksDeps {
  store: Pick<FeedbackStore, 'update'>
  documents: Pick<DocumentStore, 'getDocument'>
  reader: DocumentReader
  threads: Pick<ThreadService, 'thread' | 'threadVisibleTo'>
}

/** How many linked paragraphs' places are kept. */
const LOCATED_CACHE_SIZE = 5000

/** Links from an update to places of its group: a paragraph of a document, a comment thread, another update. */
export class FeedbackLinks {
  /** Where each linked paragraph is, per document version: the same for every reader, so worked out once per version (as AnchorCache does for comments). */
  private readonly located = new Map<string, { version: number; ydoc: unknown; found: ResolvedParagraph | null }>()

  constructor(private readonly deps: FeedbackLinksDeps) {}

  private async locate(documentId: string, position: ParagraphPosition, quote: string | undefined): Promise<ResolvedParagraph | null> {
    using doc = await this.deps.reader.read(documentId)
    const key = `${documentId}:${paragraphToken(position)}:${quote ?? ''}`
    const cached = this.located.get(key)
    if (cached && cached.version === doc.version && cached.ydoc === doc.ydoc) return cached.found
    const found = resolveParagraph(doc, position, quote)
    this.located.set(key, { version: doc.version, ydoc: doc.ydoc, found })
    if (this.located.size > LOCATED_CACHE_SIZE) this.located.delete(this.located.keys().next().value!)
    return found
  }

  /**
   * The links as stored, each checked: 400 invalid_link for places outside the group, paragraphs
   * the document does not have, or a position that names no paragraph of it. A paragraph named by
   * its reference is found in the document as it is now and linked by position; a link the update
   * already had (`previous`, on an edit) is kept as it was, even if its paragraph is since deleted.
   */
  async place(groupId: string, links: FeedbackLinkInput[], previous: FeedbackLink[] = []): Promise<FeedbackLink[]> {
    const placed: FeedbackLink[] = []
    for (const link of links) {
      if (link.type === 'paragraph') {
        placed.push(await this.paragraph(groupId, link, previous))
      } else if (link.type === 'thread') {
        if ((await this.deps.threads.thread(link.threadId))?.groupId !== groupId) throw invalid('invalid_link', `no comment thread "${link.threadId}" in this group`)
        placed.push(link)
      } else {
        if ((await this.deps.store.update(link.updateId))?.groupId !== groupId) throw invalid('invalid_link', `no feedback update "${link.updateId}" in this group`)
        placed.push(link)
      }
    }
    return placed
  }

  /** The server decides where a paragraph link points, reading the document as exports do, so every client links the same way. */
  private async paragraph(groupId: string, link: Extract<FeedbackLinkInput, { type: 'paragraph' }>, previous: FeedbackLink[]): Promise<ParagraphLink> {
    if ((await this.deps.documents.getDocument(link.documentId))?.groupId !== groupId) throw invalid('invalid_link', `no document "${link.documentId}" in this group`)
    const same = link.position && previous.find((p): p is ParagraphLink => p.type === 'paragraph' && p.documentId === link.documentId && samePosition(p.position, link.position))
    if (same) return same
    using doc = await this.deps.reader.read(link.documentId)
    if (link.position) {
      const found = resolveParagraph(doc, link.position)
      if (!found) throw invalid('invalid_link', 'the linked paragraph is not in the document')
      const item = computeNumbering(doc.pm).find((i) => i.pos === found.pos)!
      return { type: 'paragraph', documentId: link.documentId, paraRef: found.reference, position: link.position, quote: paragraphQuote(doc.pm, item) }
    }
    const item = computeNumbering(doc.pm).find((i) => i.reference === link.paraRef)
    if (!item) throw invalid('invalid_link', `the document has no paragraph ${link.paraRef}`)
    return { type: 'paragraph', documentId: link.documentId, paraRef: link.paraRef, position: paragraphPositionOf(doc, item), quote: paragraphQuote(doc.pm, item) }
  }

  /** A link as this viewer sees it: a place since deleted, or a comment thread they may not see (awaiting approval, rejected), reads as deleted. */
  view(groupId: string, link: FeedbackLink, viewer: User): Promise<FeedbackLinkView> {
    return this.viewWith(groupId, link, (threadId) => this.deps.threads.threadVisibleTo(viewer, threadId))
  }

  /** The link as a viewer sees it, who is known only by which threads they see (a thread link is broken for those who do not). */
  async viewWith(groupId: string, link: FeedbackLink, sees: (threadId: string) => Promise<boolean>): Promise<FeedbackLinkView> {
    if (link.type === 'paragraph') return this.paragraphView(groupId, link)
    if (link.type === 'thread') {
      const t = await this.deps.threads.thread(link.threadId)
      const ok = t?.groupId === groupId && t.targetType === 'document' && (await sees(t.id))
      return ok ? { ...link, documentId: t!.targetId, ref: t!.paraRef, label: `Comment on para ${t!.paraRef ?? '—'}`, broken: false } : { ...link, label: 'Deleted comment', broken: true }
    }
    const u = await this.deps.store.update(link.updateId)
    const ok = u?.groupId === groupId
    return ok ? { ...link, title: u!.title, label: u!.title, broken: false } : { ...link, label: 'Deleted update', broken: true }
  }

  /**
   * A paragraph link names the paragraph as it is numbered now, read from the live document on
   * the server so that every reader sees the same number; a deleted paragraph says so, with the
   * reference and opening words it had when linked. Links without a position go by their reference.
   */
  private async paragraphView(groupId: string, link: ParagraphLink): Promise<FeedbackLinkView> {
    const document = await this.deps.documents.getDocument(link.documentId)
    if (document?.groupId !== groupId) return { ...link, label: `Deleted document, para ${link.paraRef}`, broken: true }
    if (!link.position) return { ...link, title: document.title, label: `${document.title}, para ${link.paraRef}`, broken: false }
    const found = await this.locate(link.documentId, link.position, link.quote)
    if (found) return { ...link, title: document.title, label: `${document.title}, para ${found.reference}`, liveRef: found.reference, ...(found.refound ? { refound: true } : {}), broken: false }
    const was = link.quote ? `para ${link.paraRef}, “${link.quote}”` : `para ${link.paraRef}`
    return { ...link, title: document.title, label: `${document.title}, paragraph deleted (was ${was})`, paragraphDeleted: true, broken: false }
  }
}

/** Whether two paragraph positions name the same paragraph. */
function samePosition(a: ParagraphLink['position'], b: ParagraphLink['position']): boolean {
  return !!a && !!b && a.item.client === b.item.client && a.item.clock === b.item.clock
}
