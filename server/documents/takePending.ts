import * as Y from 'yjs'
import { scanUpdate } from './scanUpdate.js'

/** Part of an update that waits for content the document does not have yet. */
export interface PendingPart {
  /** The waiting structs or deletions, as an update in format v1. */
  update: Uint8Array
  /** It may integrate once some client's state passes the clock given here. */
  waitsFor: Map<number, number>
}

/**
 * Removes from the doc what Yjs keeps waiting for missing dependencies (structs and deletions).
 * A room's doc never keeps anything pending between two updates.
 */
export function takePending(doc: Y.Doc): PendingPart[] {
  const { pendingStructs, pendingDs } = doc.store
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  const taken: PendingPart[] = []
  if (pendingStructs) taken.push({ update: Y.convertUpdateFormatV2ToV1(pendingStructs.update), waitsFor: new Map(pendingStructs.missing) })
  if (pendingDs) {
    const update = Y.convertUpdateFormatV2ToV1(pendingDs)
    // Deletions past a client's content wait for that client's state to grow.
    const waitsFor = new Map<number, number>()
    scanUpdate(update, { deleteRange: (client) => waitsFor.set(client, Y.getState(doc.store, client) - 1) })
    taken.push({ update, waitsFor })
  }
  return taken
}

/** Whether something a pending part waits for has arrived. */
export function mayIntegrate(doc: Y.Doc, part: PendingPart): boolean {
  for (const [client, clock] of part.waitsFor) if (Y.getState(doc.store, client) > clock) return true
  return false
}
