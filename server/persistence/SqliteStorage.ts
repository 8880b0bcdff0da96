import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Role } from '../../shared/permissions.js'
import type { ClientClaim, DocumentRecord, GroupRecord, PendingUpdate, Storage, StoredContent } from './Storage.js'
import { mergeEncodedDeleteSets } from '../versions/deleteSets.js'

/** Schema migrations, applied in order; PRAGMA user_version records how many ran. */
const MIGRATIONS: string[] = [
  `CREATE TABLE groups (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE documents (
     id TEXT PRIMARY KEY,
     group_id TEXT NOT NULL REFERENCES groups(id),
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     deleted_at INTEGER
   );
   CREATE INDEX documents_group ON documents(group_id) WHERE deleted_at IS NULL;
   -- The update log: every accepted Yjs update, in arrival order.
   CREATE TABLE doc_updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     doc_id TEXT NOT NULL,
     data BLOB NOT NULL
   );
   CREATE INDEX doc_updates_doc ON doc_updates(doc_id, seq);
   -- One snapshot per document: the merged state of every update with seq <= through_seq.
   CREATE TABLE doc_snapshots (
     doc_id TEXT PRIMARY KEY,
     data BLOB NOT NULL,
     through_seq INTEGER NOT NULL
   );`,
  `ALTER TABLE documents ADD COLUMN edit_roles TEXT NOT NULL DEFAULT '["chair","member","dg-office"]';
   ALTER TABLE groups ADD COLUMN observers_may_comment INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     name TEXT NOT NULL,
     password_hash TEXT,
     is_admin INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE memberships (
     group_id TEXT NOT NULL REFERENCES groups(id),
     user_id TEXT NOT NULL REFERENCES users(id),
     role TEXT NOT NULL CHECK (role IN ('chair', 'member', 'dg-office', 'observer')),
     delegation TEXT NOT NULL DEFAULT '',
     created_at INTEGER NOT NULL,
     PRIMARY KEY (group_id, user_id)
   );
   -- Secrets (session ids, tokens, links) are stored only as SHA-256 hashes.
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     csrf_token TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE TABLE access_tokens (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     token_hash TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER,
     revoked_at INTEGER
   );
   CREATE TABLE invitations (
     token_hash TEXT PRIMARY KEY,
     group_id TEXT NOT NULL REFERENCES groups(id),
     role TEXT NOT NULL,
     delegation TEXT NOT NULL DEFAULT '',
     created_by TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     used_at INTEGER,
     used_by TEXT
   );
   CREATE TABLE sign_in_links (
     token_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     expires_at INTEGER NOT NULL,
     used_at INTEGER
   );`,
  `ALTER TABLE groups ADD COLUMN pre_moderation INTEGER NOT NULL DEFAULT 0;
   -- Comment threads live outside the document text. target is a document or a feedback update.
   CREATE TABLE threads (
     id TEXT PRIMARY KEY,
     group_id TEXT NOT NULL REFERENCES groups(id),
     target_type TEXT NOT NULL CHECK (target_type IN ('document', 'feedback')),
     target_id TEXT NOT NULL,
     author_id TEXT NOT NULL REFERENCES users(id),
     anchor TEXT,
     quote TEXT,
     para_ref TEXT,
     status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
     locked INTEGER NOT NULL DEFAULT 0,
     answered_by TEXT,
     created_at INTEGER NOT NULL,
     seq INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX threads_target ON threads(target_type, target_id);
   CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     thread_id TEXT NOT NULL REFERENCES threads(id),
     author_id TEXT NOT NULL REFERENCES users(id),
     body TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('published', 'pending', 'rejected', 'hidden', 'deleted')),
     hidden_reason TEXT,
     created_at INTEGER NOT NULL,
     edited_at INTEGER
   );
   CREATE INDEX messages_thread ON messages(thread_id, created_at);
   CREATE INDEX messages_pending ON messages(state) WHERE state = 'pending';
   CREATE TABLE message_flags (
     message_id TEXT NOT NULL REFERENCES messages(id),
     user_id TEXT NOT NULL REFERENCES users(id),
     reason TEXT,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (message_id, user_id)
   );
   CREATE TABLE notifications (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL REFERENCES users(id),
     kind TEXT NOT NULL,
     thread_id TEXT NOT NULL,
     message_id TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     read_at INTEGER
   );
   CREATE INDEX notifications_user ON notifications(user_id, created_at);
   -- Append-only: the triggers refuse any change to a written entry.
   CREATE TABLE moderation_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     group_id TEXT NOT NULL,
     actor_id TEXT NOT NULL,
     action TEXT NOT NULL,
     target_type TEXT NOT NULL,
     target_id TEXT NOT NULL,
     reason TEXT,
     before_state TEXT,
     after_state TEXT,
     at INTEGER NOT NULL
   );
   CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
   CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END;
   -- The change feed behind live delivery and reconnect catch-up: every change gets a sequence number.
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     group_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     entity_id TEXT NOT NULL,
     user_id TEXT,
     at INTEGER NOT NULL
   );
   CREATE INDEX events_group ON events(group_id, seq);`,
  `CREATE TABLE feedback_updates (
     id TEXT PRIMARY KEY,
     group_id TEXT NOT NULL REFERENCES groups(id),
     author_id TEXT NOT NULL REFERENCES users(id),
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     status_label TEXT,
     links TEXT NOT NULL DEFAULT '[]',
     created_at INTEGER NOT NULL,
     edited_at INTEGER,
     retracted_at INTEGER,
     pinned INTEGER NOT NULL DEFAULT 0
   );
   -- Newest first, page by page: (created_at, id) is the keyset.
   CREATE INDEX feedback_feed ON feedback_updates(group_id, created_at DESC, id DESC);
   CREATE TABLE feedback_versions (
     update_id TEXT NOT NULL REFERENCES feedback_updates(id),
     version INTEGER NOT NULL,
     title TEXT NOT NULL,
     body TEXT NOT NULL,
     status_label TEXT,
     links TEXT NOT NULL,
     saved_at INTEGER NOT NULL,
     PRIMARY KEY (update_id, version)
   );
   CREATE TABLE feedback_acks (
     update_id TEXT NOT NULL REFERENCES feedback_updates(id),
     user_id TEXT NOT NULL REFERENCES users(id),
     at INTEGER NOT NULL,
     PRIMARY KEY (update_id, user_id)
   );
   CREATE TABLE feedback_reads (
     update_id TEXT NOT NULL REFERENCES feedback_updates(id),
     user_id TEXT NOT NULL REFERENCES users(id),
     at INTEGER NOT NULL,
     PRIMARY KEY (update_id, user_id)
   );
   CREATE TABLE feedback_labels (
     group_id TEXT NOT NULL REFERENCES groups(id),
     label TEXT NOT NULL,
     PRIMARY KEY (group_id, label)
   );`,
  `-- Attribution: who sent each update (the server's record, never the client's word).
   ALTER TABLE doc_updates ADD COLUMN user_id TEXT;
   -- The update's deletions, encoded; folded into doc_deletions when the log is compacted.
   ALTER TABLE doc_updates ADD COLUMN deletes BLOB;
   -- Each Yjs client id that brought new content to a document belongs to one user (NULL: the server).
   CREATE TABLE doc_clients (
     doc_id TEXT NOT NULL,
     client_id INTEGER NOT NULL,
     user_id TEXT,
     first_seen INTEGER NOT NULL,
     PRIMARY KEY (doc_id, client_id)
   ) WITHOUT ROWID;
   -- Everything each user deleted in a document, as one merged delete set ('' = the server or unknown).
   CREATE TABLE doc_deletions (
     doc_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     deletes BLOB NOT NULL,
     PRIMARY KEY (doc_id, user_id)
   ) WITHOUT ROWID;
   -- Saved states of a document: named by the chair or DG office, automatic, or kept before a restore.
   CREATE TABLE doc_versions (
     id TEXT PRIMARY KEY,
     doc_id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('named', 'auto', 'restore')),
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     created_by TEXT,
     seq INTEGER NOT NULL,
     editors TEXT NOT NULL DEFAULT '[]',
     state BLOB NOT NULL
   );
   CREATE INDEX doc_versions_doc ON doc_versions(doc_id, created_at);`,
]

interface DocumentRow {
  id: string
  group_id: string
  title: string
  created_at: number
  updated_at: number
  edit_roles: string
}

const toRecord = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  groupId: r.group_id,
  title: r.title,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  editRoles: JSON.parse(r.edit_roles) as Role[],
})

interface GroupRow {
  id: string
  name: string
  observers_may_comment: number
  pre_moderation: number
}

const toGroup = (r: GroupRow): GroupRecord => ({ id: r.id, name: r.name, observersMayComment: r.observers_may_comment === 1, preModeration: r.pre_moderation === 1 })

/** An encoded delete set and the user it belongs to (NULL or '': the server or unknown). */
interface DeletesRow {
  user_id: string | null
  deletes: Buffer
}

/** Delete sets grouped by user id ('' for nobody known). */
function byUser(rows: DeletesRow[]): Map<string, Uint8Array[]> {
  const grouped = new Map<string, Uint8Array[]>()
  for (const r of rows) {
    const key = r.user_id ?? ''
    const list = grouped.get(key) ?? []
    list.push(new Uint8Array(r.deletes))
    grouped.set(key, list)
  }
  return grouped
}

/** Every statement Plenary runs, prepared once per database. */
function prepareStatements(db: Database.Database) {
  return {
    listGroups: db.prepare('SELECT * FROM groups ORDER BY created_at, id'),
    getGroup: db.prepare('SELECT * FROM groups WHERE id = ?'),
    setObserversMayComment: db.prepare('UPDATE groups SET observers_may_comment = ? WHERE id = ?'),
    setPreModeration: db.prepare('UPDATE groups SET pre_moderation = ? WHERE id = ?'),
    setEditRoles: db.prepare('UPDATE documents SET edit_roles = ? WHERE id = ? AND deleted_at IS NULL'),
    insertGroup: db.prepare('INSERT INTO groups (id, name, created_at) VALUES (?, ?, ?)'),
    listDocs: db.prepare('SELECT * FROM documents WHERE deleted_at IS NULL ORDER BY created_at, id'),
    listDocsInGroup: db.prepare('SELECT * FROM documents WHERE deleted_at IS NULL AND group_id = ? ORDER BY created_at, id'),
    getDoc: db.prepare('SELECT * FROM documents WHERE id = ? AND deleted_at IS NULL'),
    insertDoc: db.prepare('INSERT INTO documents (id, group_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    renameDoc: db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL'),
    deleteDoc: db.prepare('UPDATE documents SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    touchDoc: db.prepare('UPDATE documents SET updated_at = ? WHERE id = ?'),
    snapshot: db.prepare('SELECT data, through_seq FROM doc_snapshots WHERE doc_id = ?'),
    updatesAfter: db.prepare('SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'),
    insertUpdate: db.prepare('INSERT INTO doc_updates (doc_id, data, user_id, deletes) VALUES (?, ?, ?, ?)'),
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
    deleteUpdatesChunk: db.prepare('DELETE FROM doc_updates WHERE seq IN (SELECT seq FROM doc_updates WHERE doc_id = ? AND seq <= ? ORDER BY seq LIMIT ?)'),
    // Stops counting at the limit: a cheap "at least n rows after the snapshot?".
    countAfterSnapshot: db.prepare(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM doc_updates WHERE doc_id = ? AND seq > COALESCE((SELECT through_seq FROM doc_snapshots WHERE doc_id = ?), 0) LIMIT ?)',
    ),
    snapshotBytes: db.prepare('SELECT length(data) AS bytes FROM doc_snapshots WHERE doc_id = ?'),
    storedBytes: db.prepare(
      `SELECT COALESCE((SELECT length(data) FROM doc_snapshots WHERE doc_id = ?), 0)
            + COALESCE((SELECT SUM(length(data)) FROM doc_updates WHERE doc_id = ?), 0) AS bytes`,
    ),
  }
}

/** Storage in one SQLite file, DATA_DIR/plenary.db, in WAL mode. */
export class SqliteStorage implements Storage {
  readonly db: Database.Database
  private readonly stmts: ReturnType<typeof prepareStatements>

  constructor(dataDir: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}) {
    fs.mkdirSync(dataDir, { recursive: true })
    this.db = new Database(path.join(dataDir, 'plenary.db'))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`)
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    this.migrate()
    this.stmts = prepareStatements(this.db)
  }

  private migrate() {
    // Each step holds the write lock from its start and checks the version again inside it, so two
    // connections opening the same file at once never run a migration twice.
    const version = () => this.db.pragma('user_version', { simple: true }) as number
    for (let i = version(); i < MIGRATIONS.length; i++) {
      this.db.transaction(() => {
        if (version() !== i) return
        this.db.exec(MIGRATIONS[i])
        this.db.pragma(`user_version = ${i + 1}`)
      }).immediate()
    }
  }

  listGroups(): GroupRecord[] {
    return (this.stmts.listGroups.all() as GroupRow[]).map(toGroup)
  }

  getGroup(id: string): GroupRecord | undefined {
    const row = this.stmts.getGroup.get(id) as GroupRow | undefined
    return row && toGroup(row)
  }

  createGroup(group: { id: string; name: string }): void {
    this.stmts.insertGroup.run(group.id, group.name, Date.now())
  }

  setObserversMayComment(groupId: string, allowed: boolean): void {
    this.stmts.setObserversMayComment.run(allowed ? 1 : 0, groupId)
  }

  setPreModeration(groupId: string, on: boolean): void {
    this.stmts.setPreModeration.run(on ? 1 : 0, groupId)
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
    this.db.transaction(() => {
      this.stmts.insertDoc.run(doc.id, doc.groupId, doc.title, now, now)
      if (doc.initialUpdate) this.stmts.insertUpdate.run(doc.id, doc.initialUpdate, doc.userId ?? null, null)
      if (doc.clientId !== undefined) this.stmts.insertClient.run(doc.id, doc.clientId, doc.userId ?? null, now)
    }).immediate()
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

  deleteDocument(id: string): boolean {
    return this.stmts.deleteDoc.run(Date.now(), id).changes > 0
  }

  loadContent(docId: string): StoredContent {
    const snap = this.stmts.snapshot.get(docId) as { data: Buffer; through_seq: number } | undefined
    return { snapshot: snap ? new Uint8Array(snap.data) : null, ...this.updatesAfter(docId, snap?.through_seq ?? 0) }
  }

  private readonly appendTx = (updates: PendingUpdate[], claims: ClientClaim[]) => {
    const lastSeq = new Map<string, number>()
    const now = Date.now()
    for (const c of claims) this.stmts.claimClient.run(c.docId, c.clientId, c.userId, now)
    for (const { docId, update, userId, deletes } of updates) {
      const seq = Number(this.stmts.insertUpdate.run(docId, update, userId ?? null, deletes ?? null).lastInsertRowid)
      lastSeq.set(docId, seq)
    }
    for (const docId of lastSeq.keys()) this.stmts.touchDoc.run(now, docId)
    return lastSeq
  }

  appendUpdates(updates: PendingUpdate[], claims: ClientClaim[] = []): Map<string, number> {
    if (!updates.length && !claims.length) return new Map()
    return this.db.transaction(this.appendTx).immediate(updates, claims)
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
    this.db.transaction(() => {
      this.foldAndSnapshot(docId, snapshot, throughSeq)
      this.stmts.deleteUpdatesThrough.run(docId, throughSeq)
    }).immediate()
  }

  /**
   * compact() for a very long log, in small transactions so other writers (the main thread) never
   * wait long: first the snapshot (from then on loads use it), then the covered rows, a chunk at a time.
   */
  compactInChunks(docId: string, snapshot: Uint8Array, throughSeq: number, options: { rowsPerChunk?: number; pause?: () => void } = {}): void {
    const { rowsPerChunk = 250, pause } = options
    // Rows up to throughSeq never change, so they are read outside the write transaction (WAL readers do not block writers).
    const adding = this.deletionsThrough(docId, throughSeq)
    this.db.transaction(() => this.foldAndSnapshot(docId, snapshot, throughSeq, adding)).immediate()
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
  updatesAfter(docId: string, seq: number): { updates: Uint8Array[]; lastSeq: number } {
    const rows = this.stmts.updatesAfter.all(docId, seq) as Array<{ seq: number; data: Buffer }>
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastSeq: rows.length ? rows[rows.length - 1].seq : seq }
  }

  storedBytes(docId: string): number {
    return (this.stmts.storedBytes.get(docId, docId) as { bytes: number }).bytes
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
