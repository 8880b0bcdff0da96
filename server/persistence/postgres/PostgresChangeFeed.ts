import type { ChangeEvent, ChangeFeed } from '../../events/ChangeFeed.js'
import { PostgresStore } from './PostgresStore.js'

/**
 * The change feed in the events table (migrations/changeFeed.ts). Its numbers come from the one
 * counter row, taken with UPDATE … RETURNING: the row stays locked until the transaction ends, so
 * changes commit in the order of their numbers and a reader never sees n+1 before n.
 */
export class PostgresChangeFeed extends PostgresStore implements ChangeFeed {
  append(groupId: string, kind: string, entityId: string, userId: string | null): Promise<number> {
    return this.transaction(async () => {
      const { seq } = (await this.db.row<{ seq: number }>('UPDATE change_feed_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq'))!
      await this.db.query('INSERT INTO events (seq, group_id, kind, entity_id, user_id, at) VALUES ($1, $2, $3, $4, $5, $6)', [seq, groupId, kind, entityId, userId, Date.now()])
      return seq
    })
  }

  changedSince(seq: number, userId: string): Promise<ChangeEvent[]> {
    return this.db.rows<ChangeEvent>(
      `SELECT * FROM (
         SELECT DISTINCT ON (kind, entity_id) kind, entity_id AS "entityId", group_id AS "groupId", user_id AS "userId", seq FROM events
         WHERE seq > $1 AND (user_id IS NULL OR user_id = $2) ORDER BY kind, entity_id, seq DESC
       ) newest ORDER BY seq`,
      [seq, userId],
    )
  }

  eventsAfter(seq: number, limit: number): Promise<ChangeEvent[]> {
    return this.db.rows<ChangeEvent>('SELECT seq, kind, entity_id AS "entityId", group_id AS "groupId", user_id AS "userId" FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit])
  }

  async latestSeq(): Promise<number> {
    return (await this.db.row<{ seq: number }>('SELECT seq FROM change_feed_clock WHERE id = 1'))!.seq
  }

  /**
   * The access clock (see the changeFeed migrations): advanced by triggers whenever anyone, on any
   * node or from the admin command line, changes what decides access; edits and token use leave it
   * alone, so a busy document causes no re-checks.
   */
  async externalVersion(): Promise<number> {
    return (await this.db.row<{ n: number }>('SELECT n FROM access_clock WHERE id = 1'))!.n
  }
}
