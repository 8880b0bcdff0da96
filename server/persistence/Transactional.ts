/**
 * What every store of one database offers: its transactions. A service that changes several things
 * together (a comment, its moderation log entry, its notifications and its change-feed row) runs them
 * in one transaction, whichever store it asks; the stores of one database share it.
 */
export interface Transactional {
  /**
   * Runs fn in one write transaction: everything the stores write inside it happens, or none of it
   * (fn throwing rolls back). Nested calls join the outer one. fn awaits only store calls, never the
   * network or a timer: the transaction holds the database's write lock while it runs.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>
}
