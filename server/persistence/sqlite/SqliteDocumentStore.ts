import type Database from 'better-sqlite3'
import { SqliteDatabase } from './SqliteDatabase.js'
import { ALL_STORES } from './schema.js'
import type { Role } from '../../../shared/permissions.js'
import type { EditingMode } from '../../../shared/amendments/types.js'
import type { Language } from '../../../shared/i18n/languages.js'
import type { PaperFields } from '../../../shared/paper.js'
import { byUser, toRecord, type DeletesRow, type DocumentRow } from '../documentRows.js'
import type { ClientClaim, DocumentRecord, PendingUpdate, DocumentStore, LogBatch, StoredContent } from '../../documents/DocumentStore.js'
import { mergeEncodedDeleteSets } from '../../versions/deleteSets.js'
import type { Synchronous } from './asyncStore.js'
import { countByDocument } from '../countByDocument.js'

/** Update rows read per statement when reading a document's log (see updatesAfter). */
const LOG_BATCH = 10_000

/** The lengths a batch lists ("12,7,30"), as numbers. */
function parseLengths(lengths: string): number[] {
  const out: number[] = []
  let length = 0
  for (let i = 0; i <= lengths.length; i++) {
    const c = i < lengths.length ? lengths.charCodeAt(i) : 44
    if (c !== 44) {
      length = length * 10 + c - 48
      continue
    }
    out.push(length)
    length = 0
  }
  return out
}

/** Every statement Plenary runs, prepared once per database. */
function prepareStatements(db: Database.Database) {
  return {
    setEditRoles: db.prepare('UPDATE documents SET edit_roles = ? WHERE id = ? AND deleted_at IS NULL'),
    setMode: db.prepare('UPDATE documents SET mode = ? WHERE id = ? AND deleted_at IS NULL'),
    setLanguage: db.prepare('UPDATE documents SET language = ? WHERE id = ? AND deleted_at IS NULL'),
    setPaper: db.prepare('UPDATE documents SET paper = ? WHERE id = ? AND deleted_at IS NULL'),
    listDocs: db.prepare('SELECT * FROM documents WHERE deleted_at IS NULL ORDER BY created_at, id'),
    listDocsInGroup: db.prepare('SELECT * FROM documents WHERE deleted_at IS NULL AND group_id = ? ORDER BY created_at, id'),
    getDoc: db.prepare('SELECT * FROM documents WHERE id = ? AND deleted_at IS NULL'),
    insertDoc: db.prepare('INSERT INTO documents (id, group_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    renameDoc: db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL'),
    deleteDoc: db.prepare('UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    touchDoc: db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
    snapshot: db.prepare('SELECT data, through_seq FROM doc_snapshots WHERE doc_id = ?'),
    // A batch of the log as one row: SQLite joins the updates into one blob and lists their lengths, so
    // reading 10,000 rows costs one blob and one string in JavaScript instead of 10,000 of each.
    updatesBatch: db.prepare(
      `SELECT max(seq) AS last, CAST(group_concat(data, x'' ORDER BY seq) AS BLOB) AS data, group_concat(length(data), ',' ORDER BY seq) AS lengths
       FROM (SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT ?)`,
    ),
    insertUpdate: db.prepare('INSERT INTO doc_updates (doc_id, seq, data, user_id, deletes) VALUES (?, ?, ?, ?, ?)'),
    // Hands out the next n numbers of a document (gapless, per document): returns the last of them.
    advanceClock: db.prepare('INSERT INTO document_clocks (doc_id, seq) VALUES (?, ?) ON CONFLICT (doc_id) DO UPDATE SET seq = seq + excluded.seq RETURNING seq'),
    insertClient: db.prepare('INSERT OR IGNORE INTO doc_clients (doc_id, client_id, user_id, first_seen) VALUES (?, ?, ?, ?)'),
    // A claim is made only for a client id with no content in the document: it replaces any older
    // row for it (one left by content that never integrated).
    claimClient: db.prepare(
      'INSERT INTO doc_clients (doc_id, client_id, user_id, first_seen) VALUES (?, ?, ?, ?) ON CONFLICT (doc_id, client_id) DO UPDATE SET user_id = excluded.user_id, first_seen = excluded.first_seen',
    ),
    listClients: db.prepare('SELECT client_id, user_id FROM doc_clients WHERE doc_id = ?'),
    deletesThrough: db.prepare('SELECT user_id, deletes FROM doc_updates WHERE doc_id = ? AND seq <= ? AND deletes IS NOT NULL'),
    unfoldedDeletes: db.prepare('SELECT user_id, deletes FROM doc_updates WHERE doc_id = ? AND deletes IS NOT NULL'),
    foldedDeletes: db.prepare('SELECT user_id, deletes FROM doc_deletions WHERE doc_id = ?'),
    upsertDeletions: db.prepare(
      `INSERT INTO doc_deletions (doc_id, user_id, deletes) VALUES (?, ?, ?)
       ON CONFLICT(doc_id, user_id) DO UPDATE SET deletes = excluded.deletes`,
    ),
    upsertSnapshot: db.prepare(
      `INSERT INTO doc_snapshots (doc_id, data, through_seq) VALUES (?, ?, ?)
       ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq
       WHERE excluded.through_seq >= doc_snapshots.through_seq`,
    ),
    deleteUpdatesThrough: db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?'),
    deleteUpdatesChunk: db.prepare('DELETE FROM doc_updates WHERE rowid IN (SELECT rowid FROM doc_updates WHERE doc_id = ? AND seq <= ? ORDER BY seq LIMIT ?)'),
    // Stops counting at the limit: a cheap "at least n rows after the snapshot?".
    countAfterSnapshot: db.prepare(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM doc_updates WHERE doc_id = ? AND seq > COALESCE((SELECT through_seq FROM doc_snapshots WHERE doc_id = ?), 0) LIMIT ?)',
    ),
    snapshotBytes: db.prepare('SELECT length(data) AS bytes FROM doc_snapshots WHERE doc_id = ?'),
    snapshotSeq: db.prepare('SELECT through_seq FROM doc_snapshots WHERE doc_id = ?').pluck(),
    storedBytes: db.prepare(
      `SELECT COALESCE((SELECT length(data) FROM doc_snapshots WHERE doc_id = ?), 0)
            + COALESCE((SELECT SUM(length(data)) FROM doc_updates WHERE doc_id = ?), 0) AS bytes`,
    ),
  }
}

/** DocumentStore in one SQLite file, DATA_DIR/plenary.db, in WAL mode. */
export class SqliteDocumentStore implements Synchronous<DocumentStore> {
  readonly db: Database.Database
  private readonly stmts: ReturnType<typeof prepareStatements>

  /** The database file; stores of other capabilities are built on it (persistence code only). */
  readonly database: SqliteDatabase

  constructor(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    this.database = new SqliteDatabase(dataDir, options, ALL_STORES)
    this.db = this.database.handle
    this.stmts = prepareStatements(this.db)
  }

  listDocuments(groupId?: string): DocumentRecord[] {
    const rows = (groupId ? this.stmts.listDocsInGroup.all(groupId) : this.stmts.listDocs.all()) as DocumentRow[]
    return rows.map(toRecord)
  }

  getDocument(id: string): DocumentRecord | undefined {
    const row = this.stmts.getDoc.get(id) as DocumentRow | undefined
    return row && toRecord(row)
  }

  createDocument(doc: { id: string; groupId: string; title: string; initialUpdate?: Uint8Array; userId?: string | null; clientId?: number }): DocumentRecord {
    const now = Date.now()
    this.database.transaction(() => {
      this.stmts.insertDoc.run(doc.id, doc.groupId, doc.title, now, now)
      if (doc.initialUpdate) this.insertUpdates([{ docId: doc.id, update: doc.initialUpdate, userId: doc.userId }])
      if (doc.clientId !== undefined) this.stmts.insertClient.run(doc.id, doc.clientId, doc.userId ?? null, now)
    })
    return this.getDocument(doc.id)!
  }

  renameDocument(id: string, title: string): DocumentRecord | undefined {
    const changed = this.stmts.renameDoc.run(title, Date.now(), id).changes
    return changed ? this.getDocument(id) : undefined
  }

  setEditRoles(id: string, roles: Role[]): DocumentRecord | undefined {
    const changed = this.stmts.setEditRoles.run(JSON.stringify(roles), id).changes
    return changed ? this.getDocument(id) : undefined
  }

  setMode(id: string, mode: EditingMode): DocumentRecord | undefined {
    const changed = this.stmts.setMode.run(mode, id).changes
    return changed ? this.getDocument(id) : undefined
  }

  setLanguage(id: string, language: Language): DocumentRecord | undefined {
    const changed = this.stmts.setLanguage.run(language, id).changes
    return changed ? this.getDocument(id) : undefined
  }

  setPaper(id: string, paper: PaperFields): DocumentRecord | undefined {
    const changed = this.stmts.setPaper.run(JSON.stringify(paper), id).changes
    return changed ? this.getDocument(id) : undefined
  }

  deleteDocument(id: string): boolean {
    return this.stmts.deleteDoc.run(Date.now(), id).changes > 0
  }

  /** The snapshot and the updates after it, read in one read transaction: a compaction committing meanwhile cannot split them. */
  loadContent(docId: string, limit = Infinity): StoredContent {
    return this.reading(() => {
      const snap = this.stmts.snapshot.get(docId) as { data: Buffer; through_seq: number } | undefined
      return { snapshot: snap ? new Uint8Array(snap.data) : null, ...this.updatesAfter(docId, snap?.through_seq ?? 0, limit) }
    })
  }

  /** Runs reads in one read transaction (a consistent view of the file), or in the one already open. */
  private reading<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn).deferred()
  }

  private readonly appendTx = (updates: PendingUpdate[], claims: ClientClaim[]) => {
    const now = Date.now()
    for (const c of claims) this.stmts.claimClient.run(c.docId, c.clientId, c.userId, now)
    const lastSeq = this.insertUpdates(updates)
    for (const docId of lastSeq.keys()) this.stmts.touchDoc.run(now, docId)
    return lastSeq
  }

  /** Stores updates under the next numbers of their documents' counters (inside a transaction); returns each document's last. */
  private insertUpdates(updates: PendingUpdate[]): Map<string, number> {
    const lastSeq = new Map<string, number>()
    for (const [docId, count] of countByDocument(updates)) {
      const { seq } = this.stmts.advanceClock.get(docId, count) as { seq: number }
      lastSeq.set(docId, seq - count)
    }
    for (const { docId, update, userId, deletes } of updates) {
      const seq = lastSeq.get(docId)! + 1
      this.stmts.insertUpdate.run(docId, seq, update, userId ?? null, deletes ?? null)
      lastSeq.set(docId, seq)
    }
    return lastSeq
  }

  appendUpdates(updates: PendingUpdate[], claims: ClientClaim[] = []): Map<string, number> {
    if (!updates.length && !claims.length) return new Map()
    return this.database.transaction(() => this.appendTx(updates, claims))
  }

  clientOwners(docId: string): Map<number, string | null> {
    const rows = this.stmts.listClients.all(docId) as Array<{ client_id: number; user_id: string | null }>
    return new Map(rows.map((r) => [r.client_id, r.user_id]))
  }

  deletionsByUser(docId: string): Map<string, Uint8Array[]> {
    return byUser([...this.stmts.foldedDeletes.all(docId), ...this.stmts.unfoldedDeletes.all(docId)] as DeletesRow[])
  }

  /** The deletions of the rows up to throughSeq, by user: what a compaction folds into doc_deletions. */
  private deletionsThrough(docId: string, throughSeq: number): Map<string, Uint8Array[]> {
    return byUser(this.stmts.deletesThrough.all(docId, throughSeq) as DeletesRow[])
  }

  /**
   * Folds the deletions of the rows up to throughSeq into doc_deletions (who deleted what outlives
   * the update rows) and writes the snapshot, unless a newer one is already there.
   */
  private foldAndSnapshot(docId: string, snapshot: Uint8Array, throughSeq: number, adding = this.deletionsThrough(docId, throughSeq)): void {
    if (adding.size) {
      const folded = this.stmts.foldedDeletes.all(docId) as Array<{ user_id: string; deletes: Buffer }>
      for (const [userId, sets] of adding) {
        const before = folded.find((r) => r.user_id === userId)
        const all = before ? [new Uint8Array(before.deletes), ...sets] : sets
        this.stmts.upsertDeletions.run(docId, userId, mergeEncodedDeleteSets(all))
      }
    }
    this.stmts.upsertSnapshot.run(docId, snapshot, throughSeq)
  }

  compact(docId: string, snapshot: Uint8Array, throughSeq: number): void {
    this.database.transaction(() => {
      this.foldAndSnapshot(docId, snapshot, throughSeq)
      this.stmts.deleteUpdatesThrough.run(docId, throughSeq)
    })
  }

  /**
   * compact() for a very long log, in small transactions so other writers (the main thread) never
   * wait long: first the snapshot (from then on loads use it), then the covered rows, a chunk at a time.
   */
  compactInChunks(docId: string, snapshot: Uint8Array, throughSeq: number, options: { rowsPerChunk?: number; pause?: () => void } = {}): void {
    const { rowsPerChunk = 250, pause } = options
    // Rows up to throughSeq never change, so they are read outside the write transaction (WAL readers do not block writers).
    const adding = this.deletionsThrough(docId, throughSeq)
    this.database.transaction(() => this.foldAndSnapshot(docId, snapshot, throughSeq, adding))
    // The snapshot is durable now; deleting the rows it covers needs no fsync per step (a deletion lost to
    // a power cut leaves rows the snapshot already holds, removed by the next compaction), which keeps
    // each step's hold on the write lock short.
    const synchronous = this.db.pragma('synchronous', { simple: true })
    this.db.pragma('synchronous = NORMAL')
    try {
      // Each step also checkpoints the WAL here, so it never grows until some other writer (the main
      // thread's next small commit) has to copy it all back as an automatic checkpoint.
      while (this.stmts.deleteUpdatesChunk.run(docId, throughSeq, rowsPerChunk).changes === rowsPerChunk) {
        this.db.pragma('wal_checkpoint(PASSIVE)')
        pause?.()
      }
      this.db.pragma('wal_checkpoint(PASSIVE)')
    } finally {
      this.db.pragma(`synchronous = ${synchronous}`)
    }
  }

  /** Update rows stored after the document's snapshot (counted up to `limit`): how long a load would replay. */
  updatesAfterSnapshot(docId: string, limit = Number.MAX_SAFE_INTEGER): number {
    return (this.stmts.countAfterSnapshot.get(docId, docId, limit) as { n: number }).n
  }

  snapshotBytes(docId: string): number {
    return (this.stmts.snapshotBytes.get(docId) as { bytes: number } | undefined)?.bytes ?? 0
  }

  /** Updates stored after a sequence number, and the newest one's number. */
  /**
   * The updates stored after seq, read LOG_BATCH rows per statement (a long log: 260,000 rows in
   * about 0.15 s instead of 2 s row by row). Each update is a view into its batch's blob.
   */
  updatesAfter(docId: string, seq: number, limit = Infinity): { updates: Uint8Array[]; lastSeq: number } {
    if (limit <= 0) return { updates: [], lastSeq: seq }
    return this.reading(() => {
      const updates: Uint8Array[] = []
      let lastSeq = seq
      for (;;) {
        const batch = this.logAfter(docId, lastSeq, Math.min(LOG_BATCH, limit - updates.length))
        let at = batch.bytes.byteOffset
        for (const length of batch.lengths) {
          updates.push(new Uint8Array(batch.bytes.buffer, at, length))
          at += length
        }
        lastSeq = batch.lastSeq
        if (batch.lengths.length < LOG_BATCH || updates.length >= limit) break
      }
      return { updates, lastSeq }
    })
  }

  /** Up to `limit` updates after seq, read by one statement (SQLite joins them into one blob). */
  logAfter(docId: string, seq: number, limit: number): LogBatch {
    const batch = this.stmts.updatesBatch.get(docId, seq, limit) as { last: number | null; data: Buffer | null; lengths: string | null }
    if (batch.last === null) return { bytes: new Uint8Array(0), lengths: [], lastSeq: seq }
    return { bytes: batch.data ?? new Uint8Array(0), lengths: parseLengths(batch.lengths!), lastSeq: batch.last }
  }

  snapshotSeq(docId: string): number {
    return (this.stmts.snapshotSeq.get(docId) as number | undefined) ?? 0
  }

  storedBytes(docId: string): number {
    return (this.stmts.storedBytes.get(docId, docId) as { bytes: number }).bytes
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
