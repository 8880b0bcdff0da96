import type { FrozenCompilation, PeriodChangeRecord, PeriodRecord, PeriodStore } from '../../periods/PeriodStore.js'
import { SqliteStore } from './SqliteStore.js'
import type { Synchronous } from './asyncStore.js'

const COLUMNS = 'id, doc_id AS documentId, group_id AS groupId, round, closes_at AS closesAt, state, opened_at AS openedAt, opened_by AS openedBy'
const CHANGE_COLUMNS = 'period_id AS periodId, kind, at, by_user AS "by", from_closes_at AS "from", to_closes_at AS "to"'
const COMPILATION_COLUMNS = 'period_id AS periodId, n, closed_at AS closedAt, version_id AS versionId'

/** Comment periods in comment_periods, comment_period_changes and comment_period_compilations (migrations/periods.ts). */
export class SqlitePeriodStore extends SqliteStore implements Synchronous<PeriodStore> {
  private periods(where: string, ...params: unknown[]): PeriodRecord[] {
    return this.sql(`SELECT ${COLUMNS} FROM comment_periods WHERE ${where}`).all(...params) as PeriodRecord[]
  }

  insert(p: PeriodRecord): void {
    this.sql('INSERT INTO comment_periods (id, doc_id, group_id, round, closes_at, state, opened_at, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      p.id, p.documentId, p.groupId, p.round, p.closesAt, p.state, p.openedAt, p.openedBy,
    )
  }

  get(id: string): PeriodRecord | undefined {
    return this.periods('id = ?', id)[0]
  }

  latest(documentId: string): PeriodRecord | undefined {
    return this.periods('doc_id = ? ORDER BY opened_at DESC, rowid DESC LIMIT 1', documentId)[0]
  }

  list(documentId: string): PeriodRecord[] {
    return this.periods('doc_id = ? ORDER BY opened_at, rowid', documentId)
  }

  listOpen(): PeriodRecord[] {
    return this.periods("state = 'open'")
  }

  reschedule(id: string, expected: Pick<PeriodRecord, 'state' | 'closesAt'>, closesAt: number): boolean {
    return this.sql("UPDATE comment_periods SET closes_at = ?, state = 'open' WHERE id = ? AND state = ? AND closes_at = ?").run(closesAt, id, expected.state, expected.closesAt).changes === 1
  }

  claimClose(id: string, closesAt: number, now: number): boolean {
    return this.sql("UPDATE comment_periods SET state = 'closed' WHERE id = ? AND state = 'open' AND closes_at = ? AND closes_at <= ?").run(id, closesAt, now).changes === 1
  }

  addChange(c: PeriodChangeRecord): void {
    this.sql('INSERT INTO comment_period_changes (period_id, kind, at, by_user, from_closes_at, to_closes_at) VALUES (?, ?, ?, ?, ?, ?)').run(c.periodId, c.kind, c.at, c.by, c.from, c.to)
  }

  changes(periodId: string): PeriodChangeRecord[] {
    return this.sql(`SELECT ${CHANGE_COLUMNS} FROM comment_period_changes WHERE period_id = ? ORDER BY at, rowid`).all(periodId) as PeriodChangeRecord[]
  }

  saveCompilation(c: FrozenCompilation): void {
    this.sql('INSERT INTO comment_period_compilations (period_id, n, closed_at, version_id, csv, docx) VALUES (?, ?, ?, ?, ?, ?)').run(c.periodId, c.n, c.closedAt, c.versionId, c.csv, c.docx)
  }

  compilations(periodId: string): Array<Omit<FrozenCompilation, 'csv' | 'docx'>> {
    return this.sql(`SELECT ${COMPILATION_COLUMNS} FROM comment_period_compilations WHERE period_id = ? ORDER BY n`).all(periodId) as Array<Omit<FrozenCompilation, 'csv' | 'docx'>>
  }

  compilation(periodId: string, n: number): FrozenCompilation | undefined {
    const row = this.sql(`SELECT ${COMPILATION_COLUMNS}, csv, docx FROM comment_period_compilations WHERE period_id = ? AND n = ?`).get(periodId, n) as (FrozenCompilation & { docx: Buffer }) | undefined
    return row && { ...row, docx: new Uint8Array(row.docx) }
  }
}
