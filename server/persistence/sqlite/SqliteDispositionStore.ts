import type { DispositionInput, DispositionRecord, DispositionStore } from '../../dispositions/DispositionStore.js'
import { DISPOSITION_COLUMNS, DISPOSITION_INSERT, DISPOSITION_OVERWRITE, dispositionValues, toDisposition, type DispositionRow } from '../../dispositions/dispositionRows.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

/** Dispositions in the dispositions table (migrations/dispositions.ts). */
export class SqliteDispositionStore extends SqliteStore implements Synchronous<DispositionStore> {
  put(input: DispositionInput): void {
    this.sql(`INSERT INTO ${DISPOSITION_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${DISPOSITION_OVERWRITE}`).run(...dispositionValues(input))
  }

  get(targetId: string): DispositionRecord | undefined {
    const row = this.sql(`SELECT ${DISPOSITION_COLUMNS} FROM dispositions WHERE target_id = ?`).get(targetId) as DispositionRow | undefined
    return row && toDisposition(row)
  }

  remove(targetId: string): boolean {
    return this.sql('DELETE FROM dispositions WHERE target_id = ?').run(targetId).changes > 0
  }

  listOf(documentId: string): DispositionRecord[] {
    return (this.sql(`SELECT ${DISPOSITION_COLUMNS} FROM dispositions WHERE doc_id = ? ORDER BY decided_at, rowid`).all(documentId) as DispositionRow[]).map(toDisposition)
  }
}
