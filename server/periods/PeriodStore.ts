import type { Transactional } from '../persistence/Transactional.js'
import type { CommentPeriodChange } from '../../shared/periods/types.js'

/** A comment period (one round) of a document. Times are milliseconds since the epoch. */
export interface PeriodRecord {
  id: string
  documentId: string
  groupId: string
  round: string
  closesAt: number
  /** 'closed' once the server has run the close (version, frozen compilation); until then 'open', even past closesAt. */
  state: 'open' | 'closed'
  openedAt: number
  openedBy: string
}

/** One logged change of a period (who: null for the server's close). */
export interface PeriodChangeRecord {
  periodId: string
  kind: CommentPeriodChange['kind']
  at: number
  by: string | null
  from: number | null
  to: number
}

/** The comments table of a round as it was at one close: the files themselves, and the named version saved then. */
export interface FrozenCompilation {
  periodId: string
  /** 1 at the first close of the round, 2 at the close after a reopen … */
  n: number
  closedAt: number
  versionId: string | null
  csv: string
  docx: Uint8Array
}

/**
 * Comment periods, their change log and their frozen compilations. Changes of state are conditional
 * (compare and set), so that of several nodes closing the same period at once exactly one does.
 */
export interface PeriodStore extends Transactional {
  insert(period: PeriodRecord): Promise<void>
  get(id: string): Promise<PeriodRecord | undefined>
  /** The document's newest period (its current round), if any. */
  latest(documentId: string): Promise<PeriodRecord | undefined>
  /** The document's periods, oldest first. */
  list(documentId: string): Promise<PeriodRecord[]>
  /** Every period not yet closed by the server (to arm their timers). */
  listOpen(): Promise<PeriodRecord[]>
  /**
   * Sets a new closing time and opens the period, if it still is as the caller read it (`expected`
   * state and closing time): false when someone else changed it first.
   */
  reschedule(id: string, expected: Pick<PeriodRecord, 'state' | 'closesAt'>, closesAt: number): Promise<boolean>
  /**
   * Claims the close of an open period whose closing time (still `closesAt`, not extended meanwhile)
   * has passed at `now`: true for exactly one caller, who then does what a close does.
   */
  claimClose(id: string, closesAt: number, now: number): Promise<boolean>
  addChange(change: PeriodChangeRecord): Promise<void>
  /** A period's changes, oldest first. */
  changes(periodId: string): Promise<PeriodChangeRecord[]>
  saveCompilation(compilation: FrozenCompilation): Promise<void>
  /** A period's frozen compilations without their files, oldest first. */
  compilations(periodId: string): Promise<Array<Omit<FrozenCompilation, 'csv' | 'docx'>>>
  compilation(periodId: string, n: number): Promise<FrozenCompilation | undefined>
}
