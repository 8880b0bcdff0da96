import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

/**
 * What nodes tell each other through the relay (Redis). The relay carries nothing that is not
 * already committed to the database: a lost message costs a read from the database, never data.
 */
export type RelayMessage =
  /**
   * Updates of a document, stored with sequence numbers from..to (one merged Yjs update), and the
   * owners of the Yjs client ids they brought first (null: the server), stored with them.
   */
  | { type: 'update'; node: string; docId: string; from: number; to: number; update: Uint8Array; owners: Array<[number, string | null]> }
  /** Cursor and presence changes of a document's connections on `node` (a y-protocols awareness update). */
  | { type: 'awareness'; node: string; docId: string; update: Uint8Array }
  /** A change recorded in the change feed, with its sequence number (comments, feedback, notifications, versions). */
  | { type: 'event'; node: string; seq: number; groupId: string; kind: string; entityId: string; userId: string | null }
  /** Rights may have changed (role, membership, revoked session or token): every node re-checks its open connections. */
  | { type: 'access'; node: string }
  /** The node is alive; its cursors are dropped by the others when these stop. */
  | { type: 'heartbeat'; node: string }

const TYPES = ['update', 'awareness', 'event', 'access', 'heartbeat'] as const

/** The binary form of a relay message (Yjs payloads travel as they are, not as base64). */
export function encodeRelayMessage(m: RelayMessage): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, TYPES.indexOf(m.type))
  encoding.writeVarString(e, m.node)
  switch (m.type) {
    case 'update':
      encoding.writeVarString(e, m.docId)
      encoding.writeVarUint(e, m.from)
      encoding.writeVarUint(e, m.to)
      encoding.writeVarUint8Array(e, m.update)
      encoding.writeVarUint(e, m.owners.length)
      for (const [clientId, userId] of m.owners) {
        encoding.writeVarUint(e, clientId)
        encoding.writeVarString(e, userId ?? '')
      }
      break
    case 'awareness':
      encoding.writeVarString(e, m.docId)
      encoding.writeVarUint8Array(e, m.update)
      break
    case 'event':
      encoding.writeVarUint(e, m.seq)
      encoding.writeVarString(e, m.groupId)
      encoding.writeVarString(e, m.kind)
      encoding.writeVarString(e, m.entityId)
      encoding.writeVarString(e, m.userId ?? '')
      break
  }
  return encoding.toUint8Array(e)
}

/** Reads a relay message; throws on anything malformed (the caller logs and drops it). */
export function decodeRelayMessage(data: Uint8Array): RelayMessage {
  const d = decoding.createDecoder(data)
  const type = TYPES[decoding.readVarUint(d)]
  const node = decoding.readVarString(d)
  switch (type) {
    case 'update': {
      const docId = decoding.readVarString(d)
      const from = decoding.readVarUint(d)
      const to = decoding.readVarUint(d)
      const update = decoding.readVarUint8Array(d)
      const owners: Array<[number, string | null]> = []
      for (let n = decoding.readVarUint(d); n > 0; n--) owners.push([decoding.readVarUint(d), decoding.readVarString(d) || null])
      return { type, node, docId, from, to, update, owners }
    }
    case 'awareness':
      return { type, node, docId: decoding.readVarString(d), update: decoding.readVarUint8Array(d) }
    case 'event': {
      const seq = decoding.readVarUint(d)
      const groupId = decoding.readVarString(d)
      const kind = decoding.readVarString(d)
      const entityId = decoding.readVarString(d)
      const userId = decoding.readVarString(d) || null
      return { type, node, seq, groupId, kind, entityId, userId }
    }
    case 'access':
    case 'heartbeat':
      return { type, node }
    default:
      throw new Error('unknown relay message type')
  }
}
