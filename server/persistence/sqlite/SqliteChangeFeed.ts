import type { ChangeEvent, ChangeFeed } from '../../events/ChangeFeed.js'
import type { SqliteDatabase } from './SqliteDatabase.js'
import type { Synchronous } from './asyncStore.js'

/** The change feed in the events table (migrations/changeFeed.ts). */
export class SqliteChangeFeed implements Synchronous<ChangeFeed> {
  private version = 0

  constructor(private readonly db: SqliteDatabase) {}

  append(groupId: string, kind: string, entityId: string, userId: string | null): number {
    return this.db.transaction(() => {
      const { seq } = this.db.statement('UPDATE change_feed_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq').get() as { seq: number }
      this.db.statement('INSERT INTO events (seq, group_id, kind, entity_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?)').run(seq, groupId, kind, entityId, userId, Date.now())
      return seq
    })
  }

  changedSince(seq: number, userId: string): ChangeEvent[] {
    return this.db
      .statement(
        `SELECT kind, entity_id AS entityId, group_id AS groupId, user_id AS userId, MAX(seq) AS seq FROM events
         WHERE seq > ? AND (user_id IS NULL OR user_id = ?) GROUP BY kind, entity_id ORDER BY seq`,
      )
      .all(seq, userId) as ChangeEvent[]
  }

  eventsAfter(seq: number, limit: number): ChangeEvent[] {
    return this.db
      .statement('SELECT seq, kind, entity_id AS entityId, group_id AS groupId, user_id AS userId FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(seq, limit) as ChangeEvent[]
  }

  latestSeq(): number {
    return (this.db.statement('SELECT COALESCE(MAX(seq), 0) AS seq FROM events').get() as { seq: number }).seq
  }

  externalVersion(): number {
    if (this.db.open) this.version = this.db.dataVersion()
    return this.version
  }
}
