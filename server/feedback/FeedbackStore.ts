import type { FeedbackLink } from '../../shared/feedback/types.js'
import type { Transactional } from '../persistence/Transactional.js'

/** What the DG office writes in an update (and what an edit replaces). */
export interface UpdateContent {
  title: string
  /** The rich text, as a ProseMirror JSON document. */
  body: Record<string, unknown>
  statusLabel: string | null
  links: FeedbackLink[]
}

/** A feedback update as stored. Times are milliseconds since the epoch. */
export interface UpdateRecord extends UpdateContent {
  id: string
  groupId: string
  authorId: string
  createdAt: number
  editedAt: number | null
  retractedAt: number | null
  pinned: boolean
}

/** An earlier wording of an update, kept when it was edited. */
export interface UpdateVersionRecord {
  version: number
  title: string
  body: Record<string, unknown>
  statusLabel: string | null
  savedAt: number
}

/** Where a page of the feed starts: after the update created at `at` with this id (newest first). */
export interface FeedPosition {
  at: number
  id: string
}

/**
 * Feedback updates, their earlier versions, acknowledgements, who has read them, and each group's
 * own status labels. Shares the database's transactions with the change feed (transaction()).
 */
export interface FeedbackStore extends Transactional {
  update(id: string): Promise<UpdateRecord | undefined>
  /** The group's pinned updates (one at most, in practice). */
  pinned(groupId: string): Promise<UpdateRecord[]>
  /** Unpinned updates of a group, newest first, after `before` when given; at most `limit`. */
  page(groupId: string, before: FeedPosition | null, limit: number): Promise<UpdateRecord[]>
  /** Stores a new update; returns its id. */
  insert(update: UpdateContent & { groupId: string; authorId: string }): Promise<string>
  /** Keeps the update's current wording as its next version (saved at its last edit, or its creation). */
  keepVersion(update: UpdateRecord): Promise<void>
  setContent(id: string, content: UpdateContent, editedAt: number): Promise<void>
  /** Marks the update retracted (and no longer pinned). */
  retract(id: string, at: number): Promise<void>
  setPinned(id: string, pinned: boolean): Promise<void>
  versionsOf(id: string): Promise<UpdateVersionRecord[]>

  /** Who acknowledged the update and when, oldest first. */
  acksOf(id: string): Promise<Array<{ userId: string; at: number }>>
  /** Records an acknowledgement; false when this person had already acknowledged. */
  addAck(id: string, userId: string): Promise<boolean>

  isRead(id: string, userId: string): Promise<boolean>
  /** Everyone who has read the update (one read for its views to many readers). */
  readersOf(id: string): Promise<string[]>
  /** Marks updates of the group read for the user: those with these ids, or all of the group's. */
  markRead(userId: string, groupId: string, ids?: string[]): Promise<void>
  /** How many of the group's updates (not retracted) the user has not read. */
  unreadCount(groupId: string, userId: string): Promise<number>

  /** The labels a group added to the default ones, alphabetically. */
  labelsOf(groupId: string): Promise<string[]>
  addLabel(groupId: string, label: string): Promise<void>
}
