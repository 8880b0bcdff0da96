import type { Role } from '../../../shared/permissions.js'
import { byUser, toRecord, type DeletesRow, type DocumentRow } from '../documentRows.js'
import type { EditingMode } from '../../../shared/amendments/types.js'
import type { Language } from '../../../shared/i18n/languages.js'
import type { PaperFields } from '../../../shared/paper.js'
import type { ClientClaim, DocumentRecord, DocumentStore, LogBatch, PendingUpdate, StoredContent } from '../../documents/DocumentStore.js'
import { mergeEncodedDeleteSets } from '../../versions/deleteSets.js'
import { countByDocument } from '../countByDocument.js'
import { bytes } from './PostgresDatabase.js'
import { PostgresStore } from './PostgresStore.js'

/** A document's row; its last edit is in its counter row, written with every stored update. */
const DOCUMENT = `SELECT id, group_id, title, created_at, GREATEST(updated_at, COALESCE(c.edited_at, 0)) AS updated_at, edit_roles, mode, language, paper
  FROM documents LEFT JOIN document_clocks c ON c.doc_id = documents.id`

/**
 * DocumentStore in PostgreSQL. Each document's updates are numbered from its row in document_clocks,
 * advanced with INSERT … ON CONFLICT DO UPDATE … RETURNING in the transaction that stores them: the
 * row stays locked until that transaction commits, so a document's numbers are gapless and commit
 * in order (a reader of "after n" never skips a row), while different documents never wait for each other.
 */
export class PostgresDocumentStore extends PostgresStore implements DocumentStore {
  async listDocuments(groupId?: string): Promise<DocumentRecord[]> {
    const rows = groupId
      ? await this.db.rows<DocumentRow>(`${DOCUMENT} WHERE deleted_at IS NULL AND group_id = $1 ORDER BY created_at, id`, [groupId])
      : await this.db.rows<DocumentRow>(`${DOCUMENT} WHERE deleted_at IS NULL ORDER BY created_at, id`)
    return rows.map(toRecord)
  }

  async getDocument(id: string): Promise<DocumentRecord | undefined> {
    const row = await this.db.row<DocumentRow>(`${DOCUMENT} WHERE id = $1 AND deleted_at IS NULL`, [id])
    return row && toRecord(row)
  }

  createDocument(doc: { id: string; groupId: string; title: string; initialUpdate?: Uint8Array; userId?: string | null; clientId?: number }): Promise<DocumentRecord> {
    const now = Date.now()
    return this.transaction(async () => {
      await this.db.query('INSERT INTO documents (id, group_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)', [doc.id, doc.groupId, doc.title, now, now])
      if (doc.initialUpdate) await this.insertUpdates([{ docId: doc.id, update: doc.initialUpdate, userId: doc.userId }], now)
      if (doc.clientId !== undefined) {
        await this.db.query('INSERT INTO doc_clients (doc_id, client_id, user_id, first_seen) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [doc.id, doc.clientId, doc.userId ?? null, now])
      }
      return (await this.getDocument(doc.id))!
    })
  }

  /** Changes one column of a live document and answers it, or undefined when there is none. */
  private async change(id: string, set: string, values: Array<string | number>): Promise<DocumentRecord | undefined> {
    const row = await this.db.row<DocumentRow>(`UPDATE documents SET ${set} WHERE id = $${values.length + 1} AND deleted_at IS NULL RETURNING *`, [...values, id])
    return row && toRecord(row)
  }

  renameDocument(id: string, title: string): Promise<DocumentRecord | undefined> {
    return this.change(id, 'title = $1, updated_at = $2', [title, Date.now()])
  }

  setEditRoles(id: string, roles: Role[]): Promise<DocumentRecord | undefined> {
    return this.change(id, 'edit_roles = $1', [JSON.stringify(roles)])
  }

  setMode(id: string, mode: EditingMode): Promise<DocumentRecord | undefined> {
    return this.change(id, 'mode = $1', [mode])
  }

  setLanguage(id: string, language: Language): Promise<DocumentRecord | undefined> {
    return this.change(id, 'language = $1', [language])
  }

  setPaper(id: string, paper: PaperFields): Promise<DocumentRecord | undefined> {
    return this.change(id, 'paper = $1', [JSON.stringify(paper)])
  }

  async deleteDocument(id: string): Promise<boolean> {
    return (await this.db.changes('UPDATE documents SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL', [Date.now(), id])) > 0
  }

  /** The snapshot and the updates after it, read by one statement: a compaction committing meanwhile cannot split them. */
  async loadContent(docId: string, limit?: number): Promise<StoredContent> {
    const rows = await this.db.rows<{ snapshot: boolean; seq: number; data: Buffer }>(
      `WITH s AS (SELECT data, through_seq FROM doc_snapshots WHERE doc_id = $1)
       SELECT true AS snapshot, through_seq AS seq, data FROM s
       UNION ALL
       (SELECT false, seq, data FROM doc_updates WHERE doc_id = $1 AND seq > COALESCE((SELECT through_seq FROM s), 0) ORDER BY seq LIMIT $2)
       ORDER BY snapshot DESC, seq`,
      [docId, limit ?? null],
    )
    const snap = rows[0]?.snapshot ? rows[0] : undefined
    const updates = snap ? rows.slice(1) : rows
    return { snapshot: snap ? new Uint8Array(snap.data) : null, updates: updates.map((r) => new Uint8Array(r.data)), lastSeq: (updates.at(-1) ?? snap)?.seq ?? 0 }
  }

  appendUpdates(updates: PendingUpdate[], claims: ClientClaim[] = []): Promise<Map<string, number>> {
    if (!updates.length && !claims.length) return Promise.resolve(new Map())
    return this.transaction(async () => {
      const now = Date.now()
      for (const c of claims) {
        // A claim is made only for a client id with no content in the document: it replaces any older row for it.
        await this.db.query(
          `INSERT INTO doc_clients (doc_id, client_id, user_id, first_seen) VALUES ($1, $2, $3, $4)
           ON CONFLICT (doc_id, client_id) DO UPDATE SET user_id = excluded.user_id, first_seen = excluded.first_seen`,
          [c.docId, c.clientId, c.userId, now],
        )
      }
      return this.insertUpdates(updates, now)
    })
  }

  /** Stores updates under the next numbers of their documents' counters (inside a transaction), in one INSERT, edited `at`; returns each document's last. */
  private async insertUpdates(updates: PendingUpdate[], at: number): Promise<Map<string, number>> {
    const next = new Map<string, number>()
    // Counters are taken in document id order, so two transactions appending to the same documents never deadlock.
    for (const [docId, count] of countByDocument(updates)) {
      const { seq } = (await this.db.row<{ seq: number }>(
        `INSERT INTO document_clocks (doc_id, seq, edited_at) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id) DO UPDATE SET seq = document_clocks.seq + excluded.seq, edited_at = excluded.edited_at RETURNING seq`,
        [docId, count, at],
      ))!
      next.set(docId, seq - count)
    }
    const seqs = updates.map(({ docId }) => {
      const seq = next.get(docId)! + 1
      next.set(docId, seq)
      return seq
    })
    await this.db.query(
      'INSERT INTO doc_updates (doc_id, seq, data, user_id, deletes) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::text[], $5::bytea[])',
      [updates.map((u) => u.docId), seqs, updates.map((u) => bytes(u.update)), updates.map((u) => u.userId ?? null), updates.map((u) => (u.deletes ? bytes(u.deletes) : null))],
    )
    return next
  }

  async clientOwners(docId: string): Promise<Map<number, string | null>> {
    const rows = await this.db.rows<{ client_id: number; user_id: string | null }>('SELECT client_id, user_id FROM doc_clients WHERE doc_id = $1', [docId])
    return new Map(rows.map((r) => [r.client_id, r.user_id]))
  }

  /** Folded and unfolded deletions in one statement, so a compaction moving rows between them meanwhile neither hides nor doubles any. */
  async deletionsByUser(docId: string): Promise<Map<string, Uint8Array[]>> {
    return byUser(
      await this.db.rows<DeletesRow>(
        `SELECT user_id, deletes FROM (
           SELECT 0 AS part, 0::bigint AS seq, user_id, deletes FROM doc_deletions WHERE doc_id = $1
           UNION ALL
           SELECT 1, seq, user_id, deletes FROM doc_updates WHERE doc_id = $1 AND deletes IS NOT NULL
         ) d ORDER BY part, seq`,
        [docId],
      ),
    )
  }

  /**
   * Folds the deletions of the rows up to throughSeq into doc_deletions, writes the snapshot (unless
   * a newer one is there) and removes those rows, in one transaction. Compactions of one document
   * take turns (an advisory lock); appends go on meanwhile, numbered after throughSeq, and keep their rows.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    return this.transaction(async () => {
      await this.db.query("SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", [docId])
      const adding = byUser(await this.db.rows<DeletesRow>('SELECT user_id, deletes FROM doc_updates WHERE doc_id = $1 AND seq <= $2 AND deletes IS NOT NULL ORDER BY seq', [docId, throughSeq]))
      if (adding.size) {
        const folded = byUser(await this.db.rows<DeletesRow>('SELECT user_id, deletes FROM doc_deletions WHERE doc_id = $1', [docId]))
        for (const [userId, sets] of adding) {
          await this.db.query('INSERT INTO doc_deletions (doc_id, user_id, deletes) VALUES ($1, $2, $3) ON CONFLICT (doc_id, user_id) DO UPDATE SET deletes = excluded.deletes', [
            docId, userId, bytes(mergeEncodedDeleteSets([...(folded.get(userId) ?? []), ...sets])),
          ])
        }
      }
      await this.db.query(
        `INSERT INTO doc_snapshots (doc_id, data, through_seq) VALUES ($1, $2, $3)
         ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq WHERE excluded.through_seq >= doc_snapshots.through_seq`,
        [docId, bytes(snapshot), throughSeq],
      )
      await this.db.query('DELETE FROM doc_updates WHERE doc_id = $1 AND seq <= $2', [docId, throughSeq])
    })
  }

  async updatesAfterSnapshot(docId: string, limit = Number.MAX_SAFE_INTEGER): Promise<number> {
    const row = await this.db.row<{ n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT 1 FROM doc_updates WHERE doc_id = $1 AND seq > COALESCE((SELECT through_seq FROM doc_snapshots WHERE doc_id = $1), 0) LIMIT $2) rows',
      [docId, limit],
    )
    return row!.n
  }

  async snapshotBytes(docId: string): Promise<number> {
    return (await this.db.row<{ bytes: number }>('SELECT octet_length(data) AS bytes FROM doc_snapshots WHERE doc_id = $1', [docId]))?.bytes ?? 0
  }

  async snapshotSeq(docId: string): Promise<number> {
    return (await this.db.row<{ seq: number }>('SELECT through_seq AS seq FROM doc_snapshots WHERE doc_id = $1', [docId]))?.seq ?? 0
  }

  async updatesAfter(docId: string, seq: number, limit?: number): Promise<{ updates: Uint8Array[]; lastSeq: number }> {
    const rows = await this.db.rows<{ seq: number; data: Buffer }>('SELECT seq, data FROM doc_updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [docId, seq, limit ?? null])
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastSeq: rows.length ? rows[rows.length - 1].seq : seq }
  }

  async logAfter(docId: string, seq: number, limit: number): Promise<LogBatch> {
    const { updates, lastSeq } = await this.updatesAfter(docId, seq, limit)
    return { bytes: Buffer.concat(updates), lengths: updates.map((u) => u.byteLength), lastSeq }
  }

  async storedBytes(docId: string): Promise<number> {
    const row = await this.db.row<{ bytes: number }>(
      `SELECT COALESCE((SELECT octet_length(data) FROM doc_snapshots WHERE doc_id = $1), 0)
            + COALESCE((SELECT SUM(octet_length(data)) FROM doc_updates WHERE doc_id = $1), 0) AS bytes`,
      [docId],
    )
    return row!.bytes
  }

  /** The database is closed by the bundle's close() (openPostgresStores), once every store is done. */
  close(): void {}
}
