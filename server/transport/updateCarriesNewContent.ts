import * as Y from 'yjs'

interface DeleteRange {
  clock: number
  len: number
}

/** Whether the sorted, merged known ranges cover every clock of [clock, clock + len). */
function covered(known: DeleteRange[] | undefined, clock: number, len: number): boolean {
  let at = clock
  const end = clock + len
  for (const r of known ?? []) {
    if (r.clock + r.len <= at) continue
    if (r.clock > at) return false
    at = r.clock + r.len
    if (at >= end) return true
  }
  return at >= end
}

/**
 * Whether applying this update would change the document: new items beyond the document's state
 * vector, or deletions of items not yet deleted. Used for read-only connections, whose sync step 2
 * routinely repeats the delete set the server already has.
 */
export function updateCarriesNewContent(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > (sv.get(struct.id.client) ?? 0)) return true
  }
  const known = Y.createDeleteSetFromStructStore(doc.store) as unknown as { clients: Map<number, DeleteRange[]> }
  for (const [client, ranges] of (ds as unknown as { clients: Map<number, DeleteRange[]> }).clients) {
    for (const range of ranges) if (!covered(known.clients.get(client), range.clock, range.len)) return true
  }
  return false
}
