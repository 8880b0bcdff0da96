import * as awarenessProtocol from 'y-protocols/awareness'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { SocketConnection } from './SocketConnection.js'
import { decodeClientMessage, encodeSyncStep2, encodePermissionDenied } from '../../shared/protocol/messages.js'
import { guardAwarenessUpdate } from './awarenessGuard.js'
import { updateCarriesNewContent } from './updateCarriesNewContent.js'
import { applyEditorUpdate } from './applyEditorUpdate.js'
import { RefusedUpdate } from '../documents/inspectUpdate.js'
import { ForeignAuthorError, OverBudgetError, SchemaViolationError, TooLargeError } from './errors.js'
import { TooMuchWork } from '../documents/scanUpdate.js'
import { NotAProposal } from '../amendments/proposalsOnly.js'

/** Why a frame was refused; the caller closes the socket with malformedMessage. */
export class MalformedMessageError extends Error {}
export { ForeignAuthorError, OverBudgetError, SchemaViolationError, TooLargeError } from './errors.js'

export interface MessageLimits {
  maxDocumentBytes: number
  maxAwarenessStateBytes: number
}

/**
 * Handles one binary frame from a client: the single switch over message types.
 * Read-only is enforced here: a connection without edit rights never changes the document.
 * Throws MalformedMessageError when the frame cannot be decoded or applied.
 */
export function handleMessage(rooms: DocumentRooms, room: DocumentRoom, conn: SocketConnection, frame: Uint8Array, limits: MessageLimits): void {
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
          // Store what is pending before showing it to anyone (a flush never fails: a room whose updates could not be stored is closed).
          const empty = sync.stateVector.byteLength === 1 && sync.stateVector[0] === 0
          void rooms.settle(room).then(() => {
            if (!room.doc.isDestroyed) conn.send(empty ? room.fullStateMessage() : encodeSyncStep2(room.doc, sync.stateVector))
          })
          return
        }
        if (!conn.canEdit) {
          if (updateCarriesNewContent(room.doc, sync.update, conn.work)) {
            conn.deniedWrites++
            conn.send(encodePermissionDenied(conn.periodClosed ? `comment period closed at ${new Date(conn.access.editUntil!).toISOString()}: your role may no longer edit or propose` : 'read-only: your role may not edit this document'))
          }
          return
        }
        if (room.storedBytes + sync.update.byteLength > limits.maxDocumentBytes) {
          throw new TooLargeError(`the document would pass ${limits.maxDocumentBytes} bytes`)
        }
        applyEditorUpdate(rooms, room, conn, sync.update)
        return
      }
      case 'awareness': {
        const owns = (clientId: number) => conn.awarenessIds.has(clientId) || !ownedByOther(room, conn, clientId)
        const guarded = guardAwarenessUpdate(message.update, conn.access.user, owns, limits.maxAwarenessStateBytes)
        if (guarded) awarenessProtocol.applyAwarenessUpdate(room.awareness, guarded, conn)
        return
      }
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
    if (error instanceof NotAProposal) {
      // Amendments mode: the document stays as it was, the connection open; the client is told.
      conn.deniedWrites++
      conn.send(encodePermissionDenied(`amendments mode: only proposals may change the agreed text (${error.message})`))
      return
    }
    if (error instanceof TooLargeError || error instanceof ForeignAuthorError) throw error
    if (error instanceof TooMuchWork) {
      // More than one update may ever cost is too large; more than what is left of the budget now waits.
      if (error.limit >= conn.work.burst) throw new TooLargeError(`an update with more than ${conn.work.burst} structs and deleted ranges`)
      throw new OverBudgetError(`updates cost more than the budget allows right now`)
    }
    if (error instanceof RefusedUpdate && error.kind === 'schema') throw new SchemaViolationError(error.message)
    throw new MalformedMessageError(`${message.type}: ${(error as Error).message}`)
  }
}

/** Is this awareness client id announced by another connection of the room (on this node or, in a cluster, another)? */
function ownedByOther(room: DocumentRoom, conn: SocketConnection, clientId: number): boolean {
  if (room.remoteAwareness.has(clientId)) return true
  for (const other of room.connections) if (other !== conn && other.awarenessIds.has(clientId)) return true
  return false
}
