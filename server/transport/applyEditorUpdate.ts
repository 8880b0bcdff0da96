import * as Y from 'yjs'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import { inspectUpdate, RefusedUpdate } from '../documents/inspectUpdate.js'
import { documentUpdateRules } from '../documents/updateRules.js'
import { mayIntegrate, takePending, type PendingPart } from '../documents/takePending.js'
import { ForeignAuthorError } from './errors.js'
import { TooMuchWork } from '../documents/scanUpdate.js'
import type { TokenBucket } from './TokenBucket.js'
import { checkProposalsOnly, NotAProposal, proposalApplied } from '../amendments/proposalsOnly.js'

/** Bytes of one connection's updates waiting for missing dependencies before the connection is refused. */
export const MAX_PENDING_BYTES = 16 * 1024

/** What applyEditorUpdate needs of a connection: who sends, the updates of theirs that wait, and their work budget. */
export interface EditorConnection {
  readonly userId: string
  /** The user's delegation in the document's group: their proposals name it or none. */
  readonly delegation: string
  /** Parts of this connection's updates that could not be integrated yet (missing dependencies). */
  held: PendingPart[]
  /** What this user's updates may still cost (shared by their connections). */
  readonly work: TokenBucket
  /** In amendments mode, for a member or the DG office: their updates may only propose (see checkProposalsOnly), for this delegation. */
  readonly proposesOnly?: { delegation: string }
}

/**
 * Applies an update from a connection with edit rights. It is inspected first (schema, deletions,
 * authorship); only what integrates becomes part of the document, and so of what is stored and
 * broadcast. Whatever depends on content the document does not have is taken out of the document
 * at once and held on the sender's connection, to be tried again with its next update, within
 * MAX_PENDING_BYTES: pending content never reaches storage, another client or another connection's
 * checks, so it cannot make the document unusable for anyone else.
 * Each update is read only as far as the user's work budget allows (TooMuchWork past it).
 * Throws RefusedUpdate, ForeignAuthorError, TooMuchWork, or an Error for bytes that are not an update.
 */
export function applyEditorUpdate(rooms: DocumentRooms, room: DocumentRoom, conn: EditorConnection, update: Uint8Array): void {
  const waiting = conn.held
  conn.held = []
  try {
    integrate(rooms, room, conn, update)
  } catch (error) {
    // A refused proposal leaves the connection open: what waited before still waits.
    if (error instanceof NotAProposal) conn.held = waiting
    throw error
  }
  // Earlier parts integrate once what they wait for has arrived; each is judged again as if it had just come.
  for (const part of waiting) {
    if (!mayIntegrate(room.doc, part)) {
      conn.held.push(part)
      continue
    }
    try {
      integrate(rooms, room, conn, part.update)
    } catch (error) {
      if (error instanceof TooMuchWork) throw error
      // It was admitted once; what changed since (an owner, a deletion) refuses it now: drop it.
    }
  }
  const bytes = conn.held.reduce((sum, part) => sum + part.update.byteLength, 0)
  if (bytes > MAX_PENDING_BYTES) {
    conn.held = []
    throw new RefusedUpdate('malformed', `more than ${MAX_PENDING_BYTES} bytes of updates depend on content the document does not have`)
  }
}

function integrate(rooms: DocumentRooms, room: DocumentRoom, conn: EditorConnection, update: Uint8Array): void {
  const { clients, units } = inspectUpdate(room.doc, update, { ...documentUpdateRules(), author: conn.userId, delegation: conn.delegation }, conn.work.available())
  conn.work.take(units)
  const foreign = rooms.authorship.foreignClient(room, clients, conn.userId)
  if (foreign !== null) throw new ForeignAuthorError(`client id ${foreign} belongs to another author`)
  if (conn.proposesOnly) checkProposalsOnly(room, update, { userId: conn.userId, delegation: conn.proposesOnly.delegation })
  const before = new Map([...clients.keys()].map((client) => [client, Y.getState(room.doc.store, client)]))
  Y.applyUpdate(room.doc, update, conn)
  if (conn.proposesOnly) proposalApplied(room)
  rooms.authorship.claimNewClients(room, before, conn.userId)
  conn.held.push(...takePending(room.doc))
}
