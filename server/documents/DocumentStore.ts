/** A stored document's metadata. Times are milliseconds since the epoch. */
import type { Role } from '../../shared/permissions.js'

export interface DocumentRecord {
  id: string
  groupId: string
  title: string
  createdAt: number
  updatedAt: number
  /** Roles that may edit this document; the chair changes it. */
  editRoles: Role[]
}

/** Everything stored for one document's content: the last snapshot and the updates after it. */
export interface StoredContent {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the newest stored update (or of the snapshot), 0 when empty. */
  lastSeq: number
}

/** One update to append, and the document it belongs to. */
export interface PendingUpdate {
  docId: string
  update: Uint8Array
  /** The user whose connection (or server action) made the update; null for the server itself. */
  userId?: string | null
  /** The update's deletions (encoded delete set), when it deleted anything. */
  deletes?: Uint8Array | null
}

/** A Yjs client id seen for the first time in a document, and the user it now belongs to. */
export interface ClientClaim {
  docId: string
  clientId: number
  userId: string | null
}

/**
 * What the server needs from a database. Every method is synchronous: better-sqlite3 is,
 * and a write that returned has reached the database file (the WAL) before anything is sent.
 */
export interface DocumentStore {
  listDocuments(groupId?: string): DocumentRecord[]
  getDocument(id: string): DocumentRecord | undefined
  /** Creates a document, with its first content written by clientId on behalf of userId when given. */
  createDocument(doc: { id: string; groupId: string; title: string; initialUpdate?: Uint8Array; userId?: string | null; clientId?: number }): DocumentRecord
  renameDocument(id: string, title: string): DocumentRecord | undefined
  setEditRoles(id: string, roles: Role[]): DocumentRecord | undefined
  /** Marks a document deleted; its content stays in the database for recovery. */
  deleteDocument(id: string): boolean

  loadContent(docId: string): StoredContent
  /** Appends updates of any number of documents, and new client ids' owners, in one transaction; returns each document's new lastSeq. */
  appendUpdates(updates: PendingUpdate[], claims?: ClientClaim[]): Map<string, number>
  /** Which user each Yjs client id of a document belongs to (null: the server). */
  clientOwners(docId: string): Map<number, string | null>
  /** Every encoded delete set of a document, by user id ('' for the server or unknown). */
  deletionsByUser(docId: string): Map<string, Uint8Array[]>
  /** Replaces the snapshot and removes the updates it includes (seq <= throughSeq), atomically. */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): void
  /** Update rows stored after the document's snapshot: how long a load would replay. */
  updatesAfterSnapshot(docId: string, limit?: number): number
  /** Size of the document's snapshot in bytes (0 without one). */
  snapshotBytes(docId: string): number
  /** Updates stored after a sequence number, and the newest one's number. */
  updatesAfter(docId: string, seq: number): { updates: Uint8Array[]; lastSeq: number }
  /** Bytes stored for a document (snapshot + updates). */
  storedBytes(docId: string): number

  close(): void
}
