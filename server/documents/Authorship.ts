import * as Y from 'yjs'
import { randomInt } from 'node:crypto'
import type { ServerChange } from './Connection.js'
import type { DocumentRoom } from './DocumentRoom.js'
import type { ClientRange } from './inspectUpdate.js'
import type { UpdateBatcher } from './UpdateBatcher.js'

/**
 * Who wrote what: the server's record of which user each Yjs client id of a document belongs to,
 * decided on the content that actually integrates, never on the client's word.
 */
export class Authorship {
  constructor(private readonly batcher: UpdateBatcher) {}

  /**
   * Attribution, checked before an editor's update is applied. A Yjs client id belongs to the user
   * whose connection brought its first content (clock 0), and server-written ids to the server or
   * to the person it acted for; an id announced in a user's cursor is reserved for that user.
   * Returns the first client id in `clients` whose new content the sender may not write, or null.
   * Content that starts past what the document has cannot integrate yet: it is not judged here,
   * it waits on its connection and is judged when it comes back.
   */
  foreignClient(room: DocumentRoom, clients: Map<number, ClientRange>, userId: string): number | null {
    for (const [client, { start, end }] of clients) {
      const state = Y.getState(room.doc.store, client)
      if (end <= state || start > state) continue
      const owner = room.clientOwners.get(client)
      if (owner !== undefined ? owner !== userId : state > 0 || (room.awarenessUsers.get(client) ?? userId) !== userId) return client
    }
    return null
  }

  /**
   * Records as userId's each client id whose first content (clock 0) was just integrated from their
   * connection (`before`: the clients' states before the update), stored with the update itself.
   */
  claimNewClients(room: DocumentRoom, before: Map<number, number>, userId: string): void {
    for (const [client, state] of before) {
      if (state !== 0 || room.clientOwners.has(client) || Y.getState(room.doc.store, client) === 0) continue
      room.clientOwners.set(client, userId)
      this.batcher.claim({ docId: room.id, clientId: client, userId })
    }
  }

  /**
   * Runs a change the server makes for a person (restoring a version) on the room's doc under a
   * fresh client id that belongs to them, so their insertions are attributed to them.
   */
  changeAs(room: DocumentRoom, userId: string | null, change: (origin: ServerChange) => void): void {
    let clientId: number
    do clientId = randomInt(1, 2 ** 31)
    while (room.clientOwners.has(clientId) || Y.getState(room.doc.store, clientId) > 0)
    room.doc.clientID = clientId
    room.clientOwners.set(clientId, userId)
    this.batcher.claim({ docId: room.id, clientId, userId })
    change({ serverChange: true, userId })
  }
}
