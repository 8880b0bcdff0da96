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

type Struct = (e: encoding.Encoder) => void

/** An update of hand-written client groups: each [client, first clock, structs], then an empty delete set. */
export function groups(list: Array<[client: number, clock: number, structs: Struct[]]>): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, list.length)
  for (const [client, clock, structs] of list) {
    encoding.writeVarUint(e, structs.length)
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
    for (const write of structs) write(e)
  }
  encoding.writeVarUint(e, 0)
  return encoding.toUint8Array(e)
}

/** A string item with a left origin (it takes its parent from it). */
export const stringAfter = (origin: { client: number; clock: number }, text: string): Struct => (e) => {
  encoding.writeUint8(e, 4 | 0x80)
  encoding.writeVarUint(e, origin.client)
  encoding.writeVarUint(e, origin.clock)
  encoding.writeVarString(e, text)
}

/** A string item hanging directly from a root type. */
export const stringInRoot = (root: string, text: string): Struct => (e) => {
  encoding.writeUint8(e, 4)
  encoding.writeVarUint(e, 1)
  encoding.writeVarString(e, root)
  encoding.writeVarString(e, text)
}

/** A raw value with only a right origin: Yjs gives it the right neighbour's parent. */
export const valueBefore = (rightOrigin: { client: number; clock: number }): Struct => (e) => {
  encoding.writeUint8(e, 8 | 0x40)
  encoding.writeVarUint(e, rightOrigin.client)
  encoding.writeVarUint(e, rightOrigin.clock)
  encoding.writeVarUint(e, 1)
  encoding.writeUint8(e, 125) // lib0 any: integer
  encoding.writeVarInt(e, 1)
}

/** Deleted content of a given length after a left origin. */
export const deletedAfter = (origin: { client: number; clock: number }, length: number): Struct => (e) => {
  encoding.writeUint8(e, 1 | 0x80)
  encoding.writeVarUint(e, origin.client)
  encoding.writeVarUint(e, origin.clock)
  encoding.writeVarUint(e, length)
}

/** A garbage-collected range of one clock. */
export const gc: Struct = (e) => {
  encoding.writeUint8(e, 0)
  encoding.writeVarUint(e, 1)
}
