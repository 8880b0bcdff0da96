import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

type Struct = Y.Item | Y.GC

/** The ids of other structs a struct needs before it can be integrated: its left and right origin, and its parent item. */
function dependencies(struct: Struct): Array<Y.ID | null> {
  if (!(struct instanceof Y.Item)) return []
  return [struct.origin, struct.rightOrigin, (struct.parent as Y.AbstractType<unknown> | null)?._item?.id ?? null]
}

/**
 * Writes structs as a v1 update with no delete set. One section per client (Yjs reads one per
 * client): a client's structs here must be a run of consecutive clocks, in order.
 */
function encodeStructs(structs: Struct[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  const byClient = new Map<number, Struct[]>()
  for (const struct of structs) {
    const list = byClient.get(struct.id.client)
    if (list) list.push(struct)
    else byClient.set(struct.id.client, [struct])
  }
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, section] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, section.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, section[0].id.clock)
    for (const struct of section) struct.write(encoder, 0)
  }
  encoding.writeVarUint(encoder.restEncoder, 0)
  return encoder.toUint8Array()
}

/**
 * A document as about `pieces` updates that, applied one after the other to an empty document, give
 * the same document, each integrating fully when it is applied (nothing left pending for a later
 * piece): its structs are taken in an order where everything a struct refers to comes first, as
 * Yjs itself integrates them; the delete set comes last, alone. Used to load a big document on the
 * main thread in small steps, one per event-loop tick. (Read from the document's struct store, so
 * nothing is decoded again.)
 */
export function sliceDocument(doc: Y.Doc, pieces: number): Uint8Array[] {
  // Structs waiting for something never received cannot be ordered: then the whole state, in one piece.
  if (doc.store.pendingStructs || doc.store.pendingDs) return [Y.encodeStateAsUpdate(doc)]
  const clients = [...(doc.store.clients as Map<number, Struct[]>)]
  const next = new Map<number, number>(clients.map(([client]) => [client, 0]))
  const taken = new Map<number, number>()
  const has = (id: Y.ID | null) => id === null || (taken.get(id.client) ?? 0) > id.clock
  const ordered: Struct[] = []
  for (let progress = true; progress; ) {
    progress = false
    for (const [client, list] of clients) {
      let i = next.get(client)!
      while (i < list.length && dependencies(list[i]).every(has)) {
        taken.set(client, list[i].id.clock + list[i].length)
        ordered.push(list[i++])
        progress = true
      }
      next.set(client, i)
    }
  }
  if (ordered.length < clients.reduce((n, [, list]) => n + list.length, 0)) return [Y.encodeStateAsUpdate(doc)]
  const size = Math.max(1, Math.ceil(ordered.length / pieces))
  const out: Uint8Array[] = []
  for (let i = 0; i < ordered.length; i += size) out.push(encodeStructs(ordered.slice(i, i + size)))
  // No structs the document does not have, so only its delete set.
  out.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))
  return out
}
