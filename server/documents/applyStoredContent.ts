import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { LogBatch, StoredContent } from './DocumentStore.js'
import { takePending } from './takePending.js'
import { readTypedItem, TypingRun } from './typingRuns.js'

/**
 * Updates applied per transaction. One transaction per update pays Yjs' per-transaction work every
 * time; one for a whole long log makes its cleanup (merging the new items, splicing the document's
 * struct array) grow with the log: 260,000 single-character edits took 1.2 s in one transaction,
 * about half that in transactions of 250 to 1,000. (Y.mergeUpdates first is slower still: it
 * grows quadratically with the number of updates.) Also the number of integrations in one step of
 * a long log replayed on the main thread (RoomLoader, LogBatchReplay): a few milliseconds at most.
 */
export const UPDATES_PER_TRANSACTION = 250

/** Stored updates read per step of a replay at most, however many of them join into runs of typing. */
export const STORED_UPDATES_PER_STEP = 2000

/**
 * The time one step of a replay may take, checked every 32 stored updates: a step ends at whichever
 * comes first, this or the counts above, so code not yet optimized by the JIT (the first steps) or a
 * busy core never holds the event loop much longer.
 */
const STEP_MS = 4

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
 * Applies a LogBatch's updates to a doc in order, UPDATES_PER_TRANSACTION integrations per call in
 * one transaction, each update read where it lies in the batch: no view and no decoder per update.
 * Runs of typing (one update per character, typingRuns.ts) are joined and integrated as one item:
 * 260,000 typed characters replay in a fraction of the time one by one took.
 */
export class LogBatchReplay {
  private readonly decoder: decoding.Decoder
  private next = 0
  /** Items (or joined runs) integrated so far, and updates applied as they are: what the replay cost Yjs. */
  integrations = 0

  constructor(private readonly batch: LogBatch) {
    this.decoder = decoding.createDecoder(batch.bytes)
  }

  get done(): boolean {
    return this.next >= this.batch.lengths.length
  }

  applyNext(doc: Y.Doc): void {
    const { lengths, bytes } = this.batch
    let integrated = 0
    let run: TypingRun | null = null
    let at = this.decoder.pos
    const last = Math.min(lengths.length, this.next + STORED_UPDATES_PER_STEP)
    const deadline = performance.now() + STEP_MS
    const flush = () => {
      if (run) Y.applyUpdate(doc, run.toUpdate())
      run = null
      integrated++
    }
    doc.transact(() => {
      for (; this.next < last && integrated < UPDATES_PER_TRANSACTION && ((this.next & 31) !== 0 || performance.now() < deadline); this.next++) {
        const stop = at + lengths[this.next]
        const typed = readTypedItem(this.decoder, at, stop)
        if (typed && run?.continuedBy(typed)) run.add(typed)
        else {
          if (run) flush()
          if (typed) run = new TypingRun(bytes, at, stop, typed)
          else {
            this.decoder.pos = at
            Y.readUpdate(this.decoder, doc, null)
            // Yjs reads an update to its end and no further; bytes a writer left after it are skipped.
            if (this.decoder.pos > stop) throw new Error('a stored update reads past its own bytes')
            integrated++
          }
        }
        at = stop
      }
      if (run) flush()
    })
    this.integrations += integrated
    this.decoder.pos = at
  }
}

/** A document's stored content in numbers: update rows after the snapshot, their bytes, and all bytes (snapshot included). */
export function storedSizes(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): { updates: number; updateBytes: number; storedBytes: number } {
  const updateBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0)
  return { updates: stored.updates.length, updateBytes, storedBytes: updateBytes + (stored.snapshot?.byteLength ?? 0) }
}
