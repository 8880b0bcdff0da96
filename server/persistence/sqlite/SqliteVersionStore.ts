import type { VersionRecord, VersionStore } from '../../versions/VersionStore.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

const COLUMNS = 'id, doc_id AS documentId, kind, name, created_at AS createdAt, created_by AS createdBy, seq, editors'

/** Newest first; versions saved in the same millisecond in the order they were saved. */
const NEWEST_FIRST = 'ORDER BY created_at DESC, rowid DESC'

type VersionRow = Omit<VersionRecord, 'editors'> & { editors: string }

/** The editors are stored as a JSON array of user ids. */
const toVersion = (r: VersionRow): VersionRecord => ({ ...r, editors: JSON.parse(r.editors) as string[] })

/** Saved versions in the doc_versions table (migrations/versions.ts). */
export class SqliteVersionStore extends SqliteStore implements Synchronous<VersionStore> {
  private versions(where: string, ...params: unknown[]): VersionRecord[] {
    return (this.sql(`SELECT ${COLUMNS} FROM doc_versions WHERE ${where}`).all(...params) as VersionRow[]).map(toVersion)
  }

  insert(v: VersionRecord, state: Uint8Array): void {
    this.sql('INSERT INTO doc_versions (id, doc_id, kind, name, created_at, created_by, seq, editors, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      v.id, v.documentId, v.kind, v.name, v.createdAt, v.createdBy, v.seq, JSON.stringify(v.editors), state,
    )
  }

  pruneAutomatic(documentId: string, keep: number): void {
    const newest = `SELECT id FROM doc_versions WHERE doc_id = ? AND kind = 'auto' ${NEWEST_FIRST} LIMIT ?`
    this.sql(`DELETE FROM doc_versions WHERE doc_id = ? AND kind = 'auto' AND id NOT IN (${newest})`).run(documentId, documentId, keep)
  }

  get(id: string): VersionRecord | undefined {
    return this.versions('id = ?', id)[0]
  }

  list(documentId: string): VersionRecord[] {
    return this.versions(`doc_id = ? ${NEWEST_FIRST}`, documentId)
  }

  latest(documentId: string): VersionRecord | undefined {
    return this.versions(`doc_id = ? ${NEWEST_FIRST} LIMIT 1`, documentId)[0]
  }

  state(id: string): Uint8Array | undefined {
    const row = this.sql('SELECT state FROM doc_versions WHERE id = ?').get(id) as { state: Buffer } | undefined
    return row && new Uint8Array(row.state)
  }
}
