import type { DocumentStore } from '../documents/DocumentStore.js'
import { DomainError } from '../http/DomainError.js'
import { DOCX_TYPE } from '../http/download.js'
import { newDocumentId } from '../workspace/workspaceRoutes.js'
import { ImportPool } from './ImportPool.js'
import { readZipDirectory } from './zipDirectory.js'

/** A file to import: its media type (Content-Type without parameters) and bytes. */
export interface ImportedUpload {
  type: string
  bytes: Buffer
}

/** Where the new document goes and who imports it (credited with its content). */
export interface ImportTarget {
  title: string
  groupId: string
  userId: string
}

/**
 * Turns a Word file (DOCX_TYPE) or Markdown (text/markdown, text/plain) into a new document. The
 * file is read in a worker thread within the limits of ImportPool (importLimits.ts): 413
 * import_too_large, 422 import_too_complex or unreadable_file, 503 import_busy (with Retry-After).
 */
export class DocumentImporter {
  private readonly pool = new ImportPool()

  constructor(private readonly deps: { storage: DocumentStore; maxDocumentBytes: number }) {}

  /** `signal`: the client went away, so the file is no longer read. */
  async import(file: ImportedUpload, target: ImportTarget, signal: AbortSignal) {
    if (file.type !== DOCX_TYPE && file.type !== 'text/markdown' && file.type !== 'text/plain')
      throw new DomainError('unsupported', 'unsupported_media_type', `import a Word file (${DOCX_TYPE}) or Markdown (text/markdown)`)
    // The declared sizes cost a few bytes per zip entry to read: a zip bomb that admits to being one is refused before any worker starts.
    if (file.type === DOCX_TYPE) readZipDirectory(file.bytes, this.pool.limits)
    const imported = await this.pool.read(file.type === DOCX_TYPE ? 'docx' : 'markdown', file.bytes, signal)
    const { update, clientId, paper, warnings } = imported
    const { maxDocumentBytes, storage } = this.deps
    if (update.byteLength > maxDocumentBytes) throw new DomainError('too_large', 'payload_too_large', `the imported document would pass ${maxDocumentBytes} bytes`)
    const doc = await storage.createDocument({ id: newDocumentId(), groupId: target.groupId, title: target.title, initialUpdate: update, userId: target.userId, clientId })
    // The paper's header fields the file gave (symbol, distribution, date, session), kept with the document.
    if (Object.values(paper).some(Boolean)) await storage.setPaper(doc.id, paper)
    return { document: { id: doc.id, title: doc.title, groupId: doc.groupId }, warnings }
  }
}
