import type { FrozenCompilation, PeriodChangeRecord, PeriodRecord, PeriodStore } from '../../periods/PeriodStore.js'
import { bytes, type SqlValue } from './PostgresDatabase.js'
import { PostgresStore } from './PostgresStore.js'

const COLUMNS = 'id, doc_id AS "documentId", group_id AS "groupId", round, closes_at AS "closesAt", state, opened_at AS "openedAt", opened_by AS "openedBy"'
const CHANGE_COLUMNS = 'period_id AS "periodId", kind, at, by_user AS "by", from_closes_at AS "from", to_closes_at AS "to"'
const COMPILATION_COLUMNS = 'period_id AS "periodId", n, closed_at AS "closedAt", version_id AS "versionId"'

/** Comment periods in comment_periods, comment_period_changes and comment_period_compilations (migrations/periods.ts). */
export class PostgresPeriodStore extends PostgresStore implements PeriodStore {
  private periods(where: string, params: SqlValue[]): Promise<PeriodRecord[]> {
    return this.db.rows<PeriodRecord>(`SELECT ${COLUMNS} FROM comment_periods WHERE ${where}`, params)
  }

  async insert(p: PeriodRecord): Promise<void> {
    await this.db.query('INSERT INTO comment_periods (id, doc_id, group_id, round, closes_at, state, opened_at, opened_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      p.id, p.documentId, p.groupId, p.round, p.closesAt, p.state, p.openedAt, p.openedBy,
    ])
  }

  async get(id: string): Promise<PeriodRecord | undefined> {
    return (await this.periods('id = $1', [id]))[0]
  }

  async latest(documentId: string): Promise<PeriodRecord | undefined> {
    return (await this.periods('doc_id = $1 ORDER BY opened_at DESC, ord DESC LIMIT 1', [documentId]))[0]
  }

  list(documentId: string): Promise<PeriodRecord[]> {
    return this.periods('doc_id = $1 ORDER BY opened_at, ord', [documentId])
  }

  listOpen(): Promise<PeriodRecord[]> {
    return this.periods("state = 'open'", [])
  }

  async reschedule(id: string, expected: Pick<PeriodRecord, 'state' | 'closesAt'>, closesAt: number): Promise<boolean> {
    return (await this.db.changes("UPDATE comment_periods SET closes_at = $1, state = 'open' WHERE id = $2 AND state = $3 AND closes_at = $4", [closesAt, id, expected.state, expected.closesAt])) === 1
  }

  async claimClose(id: string, closesAt: number, now: number): Promise<boolean> {
    // One statement: of several nodes claiming at once, exactly one changes the row.
    return (await this.db.changes("UPDATE comment_periods SET state = 'closed' WHERE id = $1 AND state = 'open' AND closes_at = $2 AND closes_at <= $3", [id, closesAt, now])) === 1
  }

  async addChange(c: PeriodChangeRecord): Promise<void> {
    await this.db.query('INSERT INTO comment_period_changes (period_id, kind, at, by_user, from_closes_at, to_closes_at) VALUES ($1, $2, $3, $4, $5, $6)', [c.periodId, c.kind, c.at, c.by, c.from, c.to])
  }

  changes(periodId: string): Promise<PeriodChangeRecord[]> {
    return this.db.rows<PeriodChangeRecord>(`SELECT ${CHANGE_COLUMNS} FROM comment_period_changes WHERE period_id = $1 ORDER BY at, ord`, [periodId])
  }

  async saveCompilation(c: FrozenCompilation): Promise<void> {
    await this.db.query('INSERT INTO comment_period_compilations (period_id, n, closed_at, version_id, csv, docx) VALUES ($1, $2, $3, $4, $5, $6)', [c.periodId, c.n, c.closedAt, c.versionId, c.csv, bytes(c.docx)])
  }

  compilations(periodId: string): Promise<Array<Omit<FrozenCompilation, 'csv' | 'docx'>>> {
    return this.db.rows(`SELECT ${COMPILATION_COLUMNS} FROM comment_period_compilations WHERE period_id = $1 ORDER BY n`, [periodId])
  }

  async compilation(periodId: string, n: number): Promise<FrozenCompilation | undefined> {
    const row = await this.db.row<FrozenCompilation & { docx: Buffer }>(`SELECT ${COMPILATION_COLUMNS}, csv, docx FROM comment_period_compilations WHERE period_id = $1 AND n = $2`, [periodId, n])
    return row && { ...row, docx: new Uint8Array(row.docx) }
  }
}
