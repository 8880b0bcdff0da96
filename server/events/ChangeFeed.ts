import type { Transactional } from '../persistence/Transactional.js'

/** A change recorded in the change feed: what changed, in which group, for whom. */
export interface ChangeEvent {
  seq: number
  groupId: string
  kind: string
  entityId: string
  /** Set for events meant for one person only (notifications). */
  userId: string | null
}

/**
 * The change feed's storage: every change numbered in the transaction that makes it, so a stream
 * that reconnects with Last-Event-ID gets exactly what it missed.
 */
export interface ChangeFeed extends Transactional {
  /** Records a change; call inside the transaction that makes it. Returns its sequence number. */
  append(groupId: string, kind: string, entityId: string, userId: string | null): Promise<number>
  /** The newest change of each entity after `seq` that `userId` may receive (group-wide or theirs), oldest first. */
  changedSince(seq: number, userId: string): Promise<ChangeEvent[]>
  /** Every event after `seq`, oldest first, at most `limit` (a node filling a gap in what it delivered). */
  eventsAfter(seq: number, limit: number): Promise<ChangeEvent[]>
  latestSeq(): Promise<number>
  /**
   * A number that changes when another process (the admin command line, another node) may have changed
   * someone's rights, to know when to re-check open connections: on SQLite any commit by another
   * connection, on PostgreSQL the access clock its triggers advance.
   */
  externalVersion(): Promise<number>
}
