import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { Connection } from '../documents/Connection.js'
import { decodeClientMessage, encodeSyncStep2 } from '../../shared/protocol/messages.js'

/** Why a frame was refused; the caller closes the socket with malformedMessage. */
export class MalformedMessageError extends Error {}

/**
 * Handles one binary frame from a client: the single switch over message types.
 * Throws MalformedMessageError when the frame cannot be decoded or applied.
 */
export function handleMessage(rooms: DocumentRooms, room: DocumentRoom, conn: Connection, frame: Uint8Array): void {
  let message
  try {
    message = decodeClientMessage(frame)
  } catch (error) {
    throw new MalformedMessageError((error as Error).message)
  }
  try {
    switch (message.type) {
      case 'sync': {
        const sync = message.message
        if (sync.kind === 'step1') {
          // Store what is pending before showing it to anyone.
          rooms.flush()
          conn.send(encodeSyncStep2(room.doc, sync.stateVector))
        } else {
          Y.applyUpdate(room.doc, sync.update, conn)
        }
        return
      }
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, conn)
        return
      case 'queryAwareness': {
        const snapshot = room.awarenessSnapshot()
        if (snapshot) conn.send(snapshot)
        return
      }
      case 'auth':
        // Permission messages are server → client only; a client's is ignored.
        return
    }
  } catch (error) {
    throw new MalformedMessageError(`${message.type}: ${(error as Error).message}`)
  }
}
