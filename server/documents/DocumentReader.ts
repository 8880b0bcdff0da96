import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import type { DocumentRooms } from './DocumentRooms.js'
import type { DocumentRoom } from './DocumentRoom.js'
import type { Storage } from '../persistence/Storage.js'
import { applyStoredContent } from './applyStoredContent.js'
import { documentPlainText } from './documentText.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { ProsemirrorMapping } from '../../shared/comments/anchor.js'

/**
 * A document's current state as the server reads it, everything stored included. Release it when
 * done (`using doc = reader.read(id)`, or release()): a no-op for a live room's document, and the end
 * of a copy read from storage once nobody holds it and it has left the cache.
 */
export interface ReadDocument extends Disposable {
  /** Changes whenever the document does (its newest stored update's sequence number). */
  readonly version: number
  readonly ydoc: Y.Doc
  /** The body fragment, the ProseMirror document and the mapping between them. */
  readonly fragment: Y.XmlFragment
  readonly pm: PMNode
  readonly mapping: ProsemirrorMapping
  /** Plain text, one block per line, with the computed paragraph labels ("6.", "(b)"). */
  readonly text: string
  /** The live room when the document is loaded (ydoc is its doc); undefined for a copy read from storage. */
  readonly room?: DocumentRoom
  /** The whole state as one Yjs update. */
  state(): Uint8Array
  release(): void
}

/** One read of a Y.Doc at a version, shared by the reads of that version. */
class Reading {
  readonly fragment: Y.XmlFragment
  readonly pm: PMNode
  readonly mapping: ProsemirrorMapping
  private plainText?: string
  /** Reads not yet released, and whether the cache still holds it: a copy from storage ends when neither does. */
  holders = 0
  cached = true

  constructor(
    readonly version: number,
    readonly ydoc: Y.Doc,
    readonly room?: DocumentRoom,
  ) {
    this.fragment = ydoc.getXmlFragment(DOCUMENT_FIELD)
    const { doc, mapping } = initProseMirrorDoc(this.fragment, documentSchema())
    this.pm = doc
    this.mapping = mapping as ProsemirrorMapping
  }

  get text(): string {
    return (this.plainText ??= documentPlainText(this.pm))
  }

  state(): Uint8Array {
    return this.room ? this.room.fullStateUpdate() : Y.encodeStateAsUpdate(this.ydoc)
  }

  /** A live room's doc belongs to the room; a copy is destroyed when released by all and evicted. */
  end(): void {
    if (!this.room && !this.cached && this.holders === 0) this.ydoc.destroy()
  }
}

/** How many documents' reads are kept (comment anchors read the same documents again and again). */
const CACHE_SIZE = 200

/**
 * The one way to read a document's current state: the live room's Y.Doc when the document is
 * loaded (pending updates are stored first), else a copy read from storage. Reads are cached per
 * document until its next stored update, so the ProseMirror document is built once per version.
 */
export class DocumentReader {
  private readonly cache = new Map<string, Reading>()

  constructor(
    private readonly rooms: DocumentRooms,
    private readonly storage: Storage,
  ) {}

  read(docId: string): ReadDocument {
    this.rooms.flush()
    const room = this.rooms.peek(docId)
    const cached = this.cache.get(docId)
    let reading: Reading
    if (room) reading = cached?.room === room && cached.version === room.lastSeq ? cached : new Reading(room.lastSeq, room.doc, room)
    else if (cached && !cached.room && !this.storage.updatesAfter(docId, cached.version).updates.length) reading = cached
    else {
      const stored = this.storage.loadContent(docId)
      const ydoc = new Y.Doc()
      applyStoredContent(ydoc, stored)
      reading = new Reading(stored.lastSeq, ydoc)
    }
    if (reading !== cached) this.remember(docId, reading)
    return this.hold(reading)
  }

  private remember(docId: string, reading: Reading): void {
    const before = this.cache.get(docId)
    this.cache.delete(docId)
    this.cache.set(docId, reading)
    if (before) this.evict(before)
    if (this.cache.size > CACHE_SIZE) {
      const [oldest, entry] = this.cache.entries().next().value!
      this.cache.delete(oldest)
      this.evict(entry)
    }
  }

  private evict(reading: Reading): void {
    reading.cached = false
    reading.end()
  }

  private hold(reading: Reading): ReadDocument {
    reading.holders++
    let released = false
    const release = () => {
      if (released) return
      released = true
      reading.holders--
      reading.end()
    }
    return {
      version: reading.version,
      ydoc: reading.ydoc,
      fragment: reading.fragment,
      pm: reading.pm,
      mapping: reading.mapping,
      room: reading.room,
      get text() {
        return reading.text
      },
      state: () => reading.state(),
      release,
      [Symbol.dispose]: release,
    }
  }
}
