import type { VersionKind } from '../../shared/versions/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/** A saved version of a document, without its state. Times are milliseconds since the epoch. */
export interface VersionRecord {
  id: string
  documentId: string
  kind: VersionKind
  name: string
  createdAt: number
  /** Who saved it; null for automatic versions. */
  createdBy: string | null
  /** Sequence number of the newest stored update of the document it includes. */
  seq: number
  /** Who edited since the version before it. */
  editors: string[]
}

/**
 * Saved versions: each the whole document state at a moment (one Yjs update). Shares the database's
 * transactions with the change feed (transaction()).
 */
export interface VersionStore extends Transactional {
  insert(version: VersionRecord, state: Uint8Array): Promise<void>
  /** Deletes a document's automatic versions but the newest `keep`. */
  pruneAutomatic(documentId: string, keep: number): Promise<void>
  get(id: string): Promise<VersionRecord | undefined>
  /** A document's versions, newest first. */
  list(documentId: string): Promise<VersionRecord[]>
  /** The newest version of a document, if any. */
  latest(documentId: string): Promise<VersionRecord | undefined>
  /** The document state a version holds. */
  state(id: string): Promise<Uint8Array | undefined>
}
