import type { DocumentReader } from '../documents/DocumentReader.js'
import { resolveAnchor, type ResolvedAnchor } from '../../shared/comments/anchor.js'
import type { ThreadRecord } from './CommentStore.js'

/** How many threads' resolved passages are kept. */
const CACHE_SIZE = 5000

/**
 * Where each document thread's passage is now. That depends only on the document's version, not
 * on who looks, so each thread's anchor is resolved once per version and shared by every viewer.
 */
export class AnchorCache {
  private readonly resolved = new Map<string, { version: number; ydoc: unknown; resolved: ResolvedAnchor }>()

  constructor(private readonly reader: DocumentReader) {}

  /** The passage of a document thread now; null for threads that are not anchored in text. */
  async locate(thread: ThreadRecord): Promise<ResolvedAnchor | null> {
    if (thread.targetType !== 'document' || !thread.anchor || !thread.quote) return null
    using doc = await this.reader.read(thread.targetId)
    const cached = this.resolved.get(thread.id)
    if (cached && cached.version === doc.version && cached.ydoc === doc.ydoc) return cached.resolved
    const resolved = resolveAnchor(doc.ydoc, doc.fragment, doc.pm, doc.mapping, { ...thread.anchor, quote: thread.quote })
    this.resolved.set(thread.id, { version: doc.version, ydoc: doc.ydoc, resolved })
    if (this.resolved.size > CACHE_SIZE) this.resolved.delete(this.resolved.keys().next().value!)
    return resolved
  }
}
