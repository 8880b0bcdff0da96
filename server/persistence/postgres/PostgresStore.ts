import type { PostgresDatabase, SqlValue } from './PostgresDatabase.js'

/** What every PostgreSQL store has: the database, and its transactions (shared by all the stores on it). */
export abstract class PostgresStore {
  constructor(protected readonly db: PostgresDatabase) {}

  /** Runs fn in one transaction of the database; nested calls join the outer one. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn)
  }

  /**
   * UPDATE table SET … WHERE id = $n, for the fields present in `changes`: each record field is
   * written to its column in `columns` (the only names that reach the SQL text). Nothing to change, no statement.
   */
  protected async updateById<F extends string>(table: string, columns: Record<F, string>, id: string, changes: Partial<Record<F, SqlValue>>): Promise<void> {
    const fields = (Object.keys(changes) as F[]).filter((f) => changes[f] !== undefined)
    if (!fields.length) return
    await this.db.query(`UPDATE ${table} SET ${fields.map((f, i) => `${columns[f]} = $${i + 1}`).join(', ')} WHERE id = $${fields.length + 1}`, [...fields.map((f) => changes[f]!), id])
  }
}
