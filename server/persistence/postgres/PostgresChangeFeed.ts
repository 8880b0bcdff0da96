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
   * Writes to the tables that decide access (users, tokens, groups, memberships, documents) by any
   * connection, from PostgreSQL's statistics: they change when another process (or node) changes
   * rights. The statistics lag by up to a second, and count this process's writes too (a re-check
   * more, never one less).
   */
  async externalVersion(): Promise<number> {
    const row = await this.db.row<{ n: number }>(
      `SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) AS n FROM pg_stat_user_tables
       WHERE schemaname = current_schema() AND relname IN ('users', 'access_tokens', 'groups', 'memberships', 'documents')`,
    )
    return row!.n
  }
}
