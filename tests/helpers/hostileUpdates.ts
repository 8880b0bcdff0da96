import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * Hand-made Yjs updates (format v1) of the kinds an attacker with edit rights can send: content
 * whose dependencies were never sent, and deletions of content that does not exist.
 */

/** One struct of `client` at `clock` whose left origin (client, clock - 1) was never sent: Yjs keeps it pending. */
export function orphanStruct(client: number, clock = 1, text = 'x'): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1) // one client
  encoding.writeVarUint(e, 1) // one struct
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, clock)
  encoding.writeUint8(e, 4 | 0x80) // ContentString with a left origin
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, clock - 1)
  encoding.writeVarString(e, text)
  encoding.writeVarUint(e, 0) // empty delete set
  return encoding.toUint8Array(e)
}

/** A delete set only: `ranges` ranges of `length` clocks each, every other one of `client` from `from`. */
export function deletions(client: number, ranges: number, from = 0, length = 1): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0) // no structs
  encoding.writeVarUint(e, 1) // one client in the delete set
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, ranges)
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(e, from + i * (length + 1))
    encoding.writeVarUint(e, length)
  }
  return encoding.toUint8Array(e)
}

/** What `change` does to a copy of `base`, as one update: content built against the server's state. */
export function changeOf(base: Y.Doc, change: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
  const copy = new Y.Doc()
  if (clientId !== undefined) copy.clientID = clientId
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(copy)
  change(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}
