/** A stored document's metadata. Times are milliseconds since the epoch. */
import type { Role } from '../../shared/permissions.js'
import type { EditingMode } from '../../shared/amendments/types.js'
import type { Language } from '../../shared/i18n/languages.js'
import type { PaperFields } from '../../shared/paper.js'
import type { Transactional } from '../persistence/Transactional.js'

export interface DocumentRecord {
  id: string
  groupId: string
  title: string
  createdAt: number
  updatedAt: number
  /** Roles that may edit this document; the chair changes it. */
  editRoles: Role[]
  /** Open co-editing, or amendments (members' and the DG office's changes are proposals); the chair changes it. */
  mode: EditingMode
  /** The language of the document: its exports' fixed words ("Paragraph", "Disposition") are in it; the chair changes it. */
  language: Language
  /** The paper's header fields (symbol, distribution, date, session): the exports and the print view use them. */
  paper: PaperFields
}

/** Everything stored for one document's content: the last snapshot and the updates after it. */
export interface StoredContent {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the newest stored update (or of the snapshot), 0 when empty. */
  lastSeq: number
}

/**
 * Consecutive updates of a document's log as stored back to back in one buffer, with each one's
 * length: one object per batch instead of one per update, for replaying a long log.
 */
export interface LogBatch {
  bytes: Uint8Array
  lengths: number[]
  /** Sequence number of the batch's last update (the one asked after when the batch is empty). */
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
 * The document log and the documents' metadata. Every method is asynchronous, so a database on the
 * network (PostgreSQL) can stand behind it; a write whose promise resolved has been committed (for
 * SQLite, reached the WAL file) before anything is sent.
 */
export interface DocumentStore extends Transactional {
  listDocuments(groupId?: string): Promise<DocumentRecord[]>
  getDocument(id: string): Promise<DocumentRecord | undefined>
  /** Creates a document, with its first content written by clientId on behalf of userId when given. */
  createDocument(doc: { id: string; groupId: string; title: string; initialUpdate?: Uint8Array; userId?: string | null; clientId?: number }): Promise<DocumentRecord>
  renameDocument(id: string, title: string): Promise<DocumentRecord | undefined>
  setEditRoles(id: string, roles: Role[]): Promise<DocumentRecord | undefined>
  setMode(id: string, mode: EditingMode): Promise<DocumentRecord | undefined>
  setLanguage(id: string, language: Language): Promise<DocumentRecord | undefined>
  setPaper(id: string, paper: PaperFields): Promise<DocumentRecord | undefined>
  /** Marks a document deleted; its content stays in the database for recovery. */
  deleteDocument(id: string): Promise<boolean>

  /** The snapshot and the updates after it (the first `limit` of them: a long log is read in batches, see updatesAfter). */
  loadContent(docId: string, limit?: number): Promise<StoredContent>
  /** Appends updates of any number of documents, and new client ids' owners, in one transaction; returns each document's new lastSeq. */
  appendUpdates(updates: PendingUpdate[], claims?: ClientClaim[]): Promise<Map<string, number>>
  /** Which user each Yjs client id of a document belongs to (null: the server). */
  clientOwners(docId: string): Promise<Map<number, string | null>>
  /** Every encoded delete set of a document, by user id ('' for the server or unknown). */
  deletionsByUser(docId: string): Promise<Map<string, Uint8Array[]>>
  /** Replaces the snapshot and removes the updates it includes (seq <= throughSeq), atomically. */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  /** Update rows stored after the document's snapshot: how long a load would replay. */
  updatesAfterSnapshot(docId: string, limit?: number): Promise<number>
  /** Size of the document's snapshot in bytes (0 without one). */
  snapshotBytes(docId: string): Promise<number>
  /** The sequence number the document's snapshot goes up to (0 without one): it changes when a compaction commits. */
  snapshotSeq(docId: string): Promise<number>
  /** Updates stored after a sequence number (the first `limit` of them), and the newest one's number. */
  updatesAfter(docId: string, seq: number, limit?: number): Promise<{ updates: Uint8Array[]; lastSeq: number }>
  /** The same as one LogBatch (the first `limit` updates after seq). */
  logAfter(docId: string, seq: number, limit: number): Promise<LogBatch>
  /** Bytes stored for a document (snapshot + updates). */
  storedBytes(docId: string): Promise<number>

  close(): void
}
