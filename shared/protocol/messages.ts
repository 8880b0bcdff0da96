import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as authProtocol from 'y-protocols/auth'
import * as Y from 'yjs'

/**
 * The y-websocket wire protocol (see PROTOCOL.md beside this file).
 * Every frame is binary: varUint messageType, then the payload of that type.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const

/** A sync message carrying one document update (sync step "update", type 2). */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: "here is my state vector, send me what I am missing". */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** An awareness message around an encoded awareness update. */
export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessUpdate)
  return encoding.toUint8Array(encoder)
}

/** The sync sub-message of a sync frame, without applying it. */
export type SyncMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }

/** A decoded client frame. Throws on anything that is not a complete, known message. */
export type ClientMessage =
  | { type: 'sync'; message: SyncMessage }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth'; payload: Uint8Array }

/** Decodes one binary frame. Throws an Error with a short reason when the frame is malformed. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  let result: ClientMessage
  switch (type) {
    case MessageType.sync: {
      const sub = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (sub === syncProtocol.messageYjsSyncStep1) result = { type: 'sync', message: { kind: 'step1', stateVector: payload } }
      else if (sub === syncProtocol.messageYjsSyncStep2) result = { type: 'sync', message: { kind: 'step2', update: payload } }
      else if (sub === syncProtocol.messageYjsUpdate) result = { type: 'sync', message: { kind: 'update', update: payload } }
      else throw new Error(`unknown sync message type ${sub}`)
      break
    }
    case MessageType.awareness:
      result = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
      break
    case MessageType.queryAwareness:
      result = { type: 'queryAwareness' }
      break
    case MessageType.auth:
      result = { type: 'auth', payload: decoding.readTailAsUint8Array(decoder) }
      break
    default:
      throw new Error(`unknown message type ${type}`)
  }
  if (type !== MessageType.auth && decoding.hasContent(decoder)) throw new Error('trailing bytes after message')
  return result
}

/** A sync step 2 frame answering a peer's state vector with everything it is missing. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return encoding.toUint8Array(encoder)
}

/** A sync step 2 carrying an update that is already encoded (the whole document, for a client with nothing). */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** An auth message telling the client a write was refused (y-protocols/auth "permission denied"). */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.auth)
  authProtocol.writePermissionDenied(encoder, reason)
  return encoding.toUint8Array(encoder)
}
