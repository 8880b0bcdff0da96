import type { ModerationLogEntry } from '../../shared/comments/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/**
 * One entry of a group's moderation log as stored: who acted (actorId) in which group, and when (ms
 * since the epoch). action is approve, reject, hide, restore, delete, flag, lock, unlock, resolve,
 * reopen, or pre-moderation on/off.
 */
export type ModerationLogRecord = Omit<ModerationLogEntry, 'actor' | 'at' | 'context'> & { groupId: string; actorId: string; at: number }

/** The chair's append-only moderation log: entries are added, never changed or removed. */
export interface ModerationLogStore extends Transactional {
  append(entry: Omit<ModerationLogRecord, 'id' | 'at'>): Promise<void>
  /** A group's entries, oldest first. */
  entriesOf(groupId: string): Promise<ModerationLogRecord[]>
}
