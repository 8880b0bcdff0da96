import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import type { DocumentRooms } from './DocumentRooms.js'
import type { Storage } from '../persistence/Storage.js'
import { applyStoredContent } from './applyStoredContent.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { ProsemirrorMapping } from '../../shared/comments/anchor.js'

/** A document as the server reads it: the Y.Doc, its body fragment, the ProseMirror document and the mapping between them. */
export interface ReadDocument {
  /** Changes whenever the document does (its last stored update's sequence number). */
  version: number
  ydoc: Y.Doc
  fragment: Y.XmlFragment
  pm: PMNode
  mapping: ProsemirrorMapping
}

/**
 * Reads documents for comment anchors: the live room's Y.Doc when loaded, the stored content
 * otherwise. Results are cached per document until its next stored update.
 */
export class DocumentReader {
  private readonly cache = new Map<string, { version: number; doc: ReadDocument }>()

  constructor(
    private readonly rooms: DocumentRooms,
    private readonly storage: Storage,
  ) {}

  read(docId: string): ReadDocument {
    this.rooms.flush()
    const room = this.rooms.peek(docId)
    let ydoc: Y.Doc
    let version: number
    if (room) {
      ydoc = room.doc
      version = room.lastSeq
    } else {
      const stored = this.storage.loadContent(docId)
      version = stored.lastSeq
      const cached = this.cache.get(docId)
      if (cached && cached.version === version && !cached.doc.ydoc.isDestroyed) return cached.doc
      ydoc = new Y.Doc()
      applyStoredContent(ydoc, stored)
    }
    const cached = this.cache.get(docId)
    if (cached && cached.version === version && cached.doc.ydoc === ydoc) return cached.doc
    const fragment = ydoc.getXmlFragment(DOCUMENT_FIELD)
    const { doc: pm, mapping } = initProseMirrorDoc(fragment, documentSchema())
    const doc = { version, ydoc, fragment, pm, mapping: mapping as ProsemirrorMapping }
    this.cache.set(docId, { version, doc })
    if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value!)
    return doc
  }
}
