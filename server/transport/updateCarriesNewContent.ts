import * as Y from 'yjs'
import { scanUpdate, TooMuchWork } from '../documents/scanUpdate.js'
import type { TokenBucket } from './TokenBucket.js'

/** Most stored structs the check walks for one update before it simply answers "yes, a write". */
const WALK_BUDGET = 5_000

class Decided extends Error {}

/**
 * Whether applying this update would change the document: new content beyond the document's state,
 * or deletions of content not yet deleted. Used for read-only connections, whose sync step 2
 * routinely repeats what the server has, to tell them "permission denied" only when they really
 * tried to write. Its cost is bounded by the update's own size, never by the document's: each
 * deleted range is looked up in the store (binary search) and at most WALK_BUDGET stored structs
 * are looked at in all; past that the update is simply treated as a write (denied, nothing applied).
 * Reading stops past what the user's work budget allows, with the same answer.
 */
export function updateCarriesNewContent(doc: Y.Doc, update: Uint8Array, work?: TokenBucket): boolean {
  let budget = WALK_BUDGET
  let units = 0
  try {
    scanUpdate(update, {
      struct(s) {
        units++
        if (s.kind !== 'skip' && s.clock + s.length > Y.getState(doc.store, s.client)) throw new Decided()
      },
      deleteRange(client, clock, length) {
        units++
        const structs = doc.store.clients.get(client)
        const end = Math.min(clock + length, Y.getState(doc.store, client))
        // Deleting what the document does not have changes nothing.
        if (!structs || clock >= end) return
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
          if (--budget < 0 || !structs[i].deleted) throw new Decided()
        }
      },
    }, work?.available() ?? Infinity)
  } catch (error) {
    // Past the reading budget too: it is refused as a write, nothing more is read.
    if (error instanceof Decided || error instanceof TooMuchWork) return true
    throw error
  } finally {
    work?.take(units)
  }
  return false
}
