import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { LogBatch, StoredContent } from './DocumentStore.js'
import { takePending } from './takePending.js'

/**
 * Updates applied per transaction. One transaction per update pays Yjs' per-transaction work every
 * time; one for a whole long log makes its cleanup (merging the new items, splicing the document's
 * struct array) grow with the log: 260,000 single-character edits took 1.2 s in one transaction,
 * about half that in transactions of 250 to 1,000. (Y.mergeUpdates first is slower still: it
 * grows quadratically with the number of updates.) Under a millisecond of work on an idle core:
 * also the size of one step of a long log replayed on the main thread (RoomLoader).
 */
export const UPDATES_PER_TRANSACTION = 250

/** Applies stored updates to doc in transactions of UPDATES_PER_TRANSACTION; what cannot integrate yet stays pending in doc. */
function applyUpdates(doc: Y.Doc, updates: Uint8Array[]): void {
  for (let from = 0; from < updates.length; from += UPDATES_PER_TRANSACTION) {
    doc.transact(() => {
      for (let i = from; i < Math.min(from + UPDATES_PER_TRANSACTION, updates.length); i++) Y.applyUpdate(doc, updates[i])
    })
  }
}

/**
 * Applies a document's snapshot and later updates to doc. Content that cannot integrate (stored by
 * versions that let updates with missing dependencies through) is dropped: returns true when there
 * was some, so the caller rewrites the snapshot.
 */
export function applyStoredContent(doc: Y.Doc, stored: StoredContent): boolean {
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  applyUpdates(doc, stored.updates)
  return takePending(doc).length > 0
}

/**
 * Applies a LogBatch's updates to a doc in order, UPDATES_PER_TRANSACTION per call in one
 * transaction, each read where it lies in the batch: no view and no decoder per update, which
 * replays a long log about a quarter faster than applying each update on its own.
 */
export class LogBatchReplay {
  private readonly decoder: decoding.Decoder
  private next = 0

  constructor(private readonly batch: LogBatch) {
    this.decoder = decoding.createDecoder(batch.bytes)
  }

  get done(): boolean {
    return this.next >= this.batch.lengths.length
  }

  applyNext(doc: Y.Doc): void {
    const { lengths } = this.batch
    const end = Math.min(this.next + UPDATES_PER_TRANSACTION, lengths.length)
    doc.transact(() => {
      for (; this.next < end; this.next++) {
        const stop = this.decoder.pos + lengths[this.next]
        Y.readUpdate(this.decoder, doc, null)
        // Yjs reads an update to its end and no further; bytes a writer left after it are skipped.
        if (this.decoder.pos > stop) throw new Error('a stored update reads past its own bytes')
        this.decoder.pos = stop
      }
    })
  }
}

/** A document's stored content in numbers: update rows after the snapshot, their bytes, and all bytes (snapshot included). */
export function storedSizes(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): { updates: number; updateBytes: number; storedBytes: number } {
  const updateBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0)
  return { updates: stored.updates.length, updateBytes, storedBytes: updateBytes + (stored.snapshot?.byteLength ?? 0) }
}
