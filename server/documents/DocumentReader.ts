import * as Y from 'yjs'
import type { Node as PMNode } from '@tiptap/pm/model'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import type { DocumentRooms } from './DocumentRooms.js'
import type { DocumentRoom } from './DocumentRoom.js'
import type { DocumentStore } from './DocumentStore.js'
import { applyStoredContent } from './applyStoredContent.js'
import { documentPlainText } from './documentText.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { ProsemirrorMapping } from '../../shared/comments/anchor.js'

/**
 * A document's current state as the server reads it, everything stored included. Release it when
 * done (`using doc = await reader.read(id)`, or release()): a no-op for a live room's document, and the end
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
    /** The room's change count it was read at (see DocumentRoom.changes). */
    readonly changes = 0,
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

/** How many copies read from storage are kept (comment anchors read the same documents again and again). */
const CACHE_SIZE = 200

/**
 * The one way to read a document's current state: the live room's Y.Doc when the document is
 * loaded (pending updates are stored first), else a copy read from storage. Reads are kept per
 * document until its next stored update, so the ProseMirror document is built once per version:
 * a live room's with the room (forgotten when the room is), the newest CACHE_SIZE copies here.
 */
export class DocumentReader {
  private readonly live = new WeakMap<DocumentRoom, Reading>()
  private readonly copies = new Map<string, Reading>()

  constructor(
    private readonly rooms: DocumentRooms,
    private readonly storage: DocumentStore,
  ) {}

  async read(docId: string): Promise<ReadDocument> {
    const loaded = this.rooms.peek(docId)
    if (loaded) await this.rooms.settle(loaded)
    const room = this.rooms.peek(docId)
    if (!room) return this.hold(await this.copyOf(docId))
    // Loaded: a copy read before is out of date from the room's first edit.
    const copy = this.copies.get(docId)
    if (copy) {
      this.copies.delete(docId)
      this.evict(copy)
    }
    return this.hold(this.ofRoom(room))
  }

  private ofRoom(room: DocumentRoom): Reading {
    let reading = this.live.get(room)
    if (!reading || reading.changes !== room.changes) this.live.set(room, (reading = new Reading(room.lastSeq, room.doc, room, room.changes)))
    return reading
  }

  /** The cached copy while nothing was stored after it, else a new one read from storage. */
  private async copyOf(docId: string): Promise<Reading> {
    const cached = this.copies.get(docId)
    if (cached && !(await this.storage.updatesAfter(docId, cached.version)).updates.length) return cached
    const stored = await this.storage.loadContent(docId)
    const ydoc = new Y.Doc()
    applyStoredContent(ydoc, stored)
    const reading = new Reading(stored.lastSeq, ydoc)
    this.remember(docId, reading)
    return reading
  }

  private remember(docId: string, reading: Reading): void {
    const before = this.copies.get(docId)
    this.copies.delete(docId)
    this.copies.set(docId, reading)
    if (before) this.evict(before)
    if (this.copies.size > CACHE_SIZE) {
      const [oldest, entry] = this.copies.entries().next().value!
      this.copies.delete(oldest)
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
