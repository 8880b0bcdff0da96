import type { VersionRecord, VersionStore } from '../../versions/VersionStore.js'
import { bytes, type SqlValue } from './PostgresDatabase.js'
import { PostgresStore } from './PostgresStore.js'

const COLUMNS = 'id, doc_id AS "documentId", kind, name, created_at AS "createdAt", created_by AS "createdBy", seq, editors'

/** Newest first; versions saved in the same millisecond in the order they were saved. */
const NEWEST_FIRST = 'ORDER BY created_at DESC, ord DESC'

type VersionRow = Omit<VersionRecord, 'editors'> & { editors: string }

/** The editors are stored as a JSON array of user ids. */
const toVersion = (r: VersionRow): VersionRecord => ({ ...r, editors: JSON.parse(r.editors) as string[] })

/** Saved versions in the doc_versions table (migrations/versions.ts). */
export class PostgresVersionStore extends PostgresStore implements VersionStore {
  private async versions(where: string, params: SqlValue[]): Promise<VersionRecord[]> {
    return (await this.db.rows<VersionRow>(`SELECT ${COLUMNS} FROM doc_versions WHERE ${where}`, params)).map(toVersion)
  }

  async insert(v: VersionRecord, state: Uint8Array): Promise<void> {
    await this.db.query('INSERT INTO doc_versions (id, doc_id, kind, name, created_at, created_by, seq, editors, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      v.id, v.documentId, v.kind, v.name, v.createdAt, v.createdBy, v.seq, JSON.stringify(v.editors), bytes(state),
    ])
  }

  async pruneAutomatic(documentId: string, keep: number): Promise<void> {
    const newest = `SELECT id FROM doc_versions WHERE doc_id = $1 AND kind = 'auto' ${NEWEST_FIRST} LIMIT $2`
    await this.db.query(`DELETE FROM doc_versions WHERE doc_id = $1 AND kind = 'auto' AND id NOT IN (${newest})`, [documentId, keep])
  }

  async get(id: string): Promise<VersionRecord | undefined> {
    return (await this.versions('id = $1', [id]))[0]
  }

  list(documentId: string): Promise<VersionRecord[]> {
    return this.versions(`doc_id = $1 ${NEWEST_FIRST}`, [documentId])
  }

  async latest(documentId: string): Promise<VersionRecord | undefined> {
    return (await this.versions(`doc_id = $1 ${NEWEST_FIRST} LIMIT 1`, [documentId]))[0]
  }

  async state(id: string): Promise<Uint8Array | undefined> {
    const row = await this.db.row<{ state: Buffer }>('SELECT state FROM doc_versions WHERE id = $1', [id])
    return row && new Uint8Array(row.state)
  }
}
