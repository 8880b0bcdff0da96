import path from 'node:path'
import Database from 'better-sqlite3'

/** Writes to a running server's database from another connection, as another process would; returns the rows changed. */
export function writeElsewhere(dataDir: string, sql: string, ...params: unknown[]): number {
  const other = new Database(path.join(dataDir, 'plenary.db'))
  try {
    return other.prepare(sql).run(...params).changes
  } finally {
    other.close()
  }
}
