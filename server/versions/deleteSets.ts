import * as Y from 'yjs'

/** Yjs' set of deleted id ranges (the class is internal to yjs, its constructor is not). */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>

/**
 * Stores a delete set as bytes. Yjs has no public encoder for a bare delete set, so it is
 * written as a snapshot with an empty state vector, which is exactly "the delete set, encoded".
 */
export function encodeDeleteSet(ds: DeleteSet): Uint8Array {
  return Y.encodeSnapshot(Y.createSnapshot(ds, new Map()))
}

export function decodeDeleteSet(bytes: Uint8Array): DeleteSet {
  return Y.decodeSnapshot(bytes).ds
}

/** One delete set holding every range of the given encoded ones. */
export function mergeEncodedDeleteSets(encoded: Uint8Array[]): Uint8Array {
  return encodeDeleteSet(Y.mergeDeleteSets(encoded.map(decodeDeleteSet)))
}
