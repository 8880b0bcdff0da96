import type { DispositionInput, DispositionRecord, DispositionStore } from '../../dispositions/DispositionStore.js'
import { DISPOSITION_COLUMNS, DISPOSITION_INSERT, DISPOSITION_OVERWRITE, dispositionValues, toDisposition, type DispositionRow } from '../../dispositions/dispositionRows.js'
import { PostgresStore } from './PostgresStore.js'

/** Dispositions in the dispositions table (migrations/dispositions.ts). */
export class PostgresDispositionStore extends PostgresStore implements DispositionStore {
  async put(input: DispositionInput): Promise<void> {
    await this.db.query(`INSERT INTO ${DISPOSITION_INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ${DISPOSITION_OVERWRITE}`, dispositionValues(input))
  }

  async get(targetId: string): Promise<DispositionRecord | undefined> {
    const row = await this.db.row<DispositionRow>(`SELECT ${DISPOSITION_COLUMNS} FROM dispositions WHERE target_id = $1`, [targetId])
    return row && toDisposition(row)
  }

  async remove(targetId: string): Promise<boolean> {
    return (await this.db.changes('DELETE FROM dispositions WHERE target_id = $1', [targetId])) > 0
  }

  async listOf(documentId: string): Promise<DispositionRecord[]> {
    return (await this.db.rows<DispositionRow>(`SELECT ${DISPOSITION_COLUMNS} FROM dispositions WHERE doc_id = $1 ORDER BY decided_at, target_id`, [documentId])).map(toDisposition)
  }
}
