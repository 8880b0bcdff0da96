import type { SqliteDatabase } from './SqliteDatabase.js'

/** What every SQLite store has: the database and statements prepared once. */
export abstract class SqliteStore {
  constructor(protected readonly db: SqliteDatabase) {}

  /** A prepared statement, prepared once per SQL text. */
  protected sql(text: string) {
    return this.db.statement(text)
  }

  /**
   * UPDATE table SET … WHERE id = ?, for the fields present in `changes`: each record field is written
   * to its column in `columns` (the only names that reach the SQL text). Nothing to change, no statement.
   */
  protected updateById<F extends string>(table: string, columns: Record<F, string>, id: string, changes: Partial<Record<F, unknown>>): void {
    const fields = (Object.keys(changes) as F[]).filter((f) => changes[f] !== undefined)
    if (!fields.length) return
    this.sql(`UPDATE ${table} SET ${fields.map((f) => `${columns[f]} = ?`).join(', ')} WHERE id = ?`).run(...fields.map((f) => changes[f]), id)
  }
}
