import type { PendingUpdate } from '../documents/DocumentStore.js'

/**
 * How many updates each document gets, in document id order: the order both adapters take the
 * documents' counters in, so two transactions appending to the same documents never deadlock.
 */
export function countByDocument(updates: PendingUpdate[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { docId } of [...updates].sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0))) counts.set(docId, (counts.get(docId) ?? 0) + 1)
  return counts
}
