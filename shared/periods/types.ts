import { z } from 'zod'

/** Longest round name ("First reading"), in characters. */
export const MAX_ROUND_LENGTH = 100

/** How far ahead a comment period may close: a year. */
export const MAX_PERIOD_MS = 366 * 24 * 3_600_000

/**
 * Body of PUT /api/documents/:id/comment-period. With the current period open: a new closing time
 * (extend, or bring forward). With it closed: the same round (or none named) reopens it until the
 * new time; another round name opens a new round. Without any period: opens the first round.
 */
export const SetCommentPeriodSchema = z.strictObject({
  closesAt: z.iso.datetime({ offset: true, error: 'closesAt must be an ISO date and time, e.g. 2026-12-12T18:00:00+01:00' }),
  round: z.string().trim().min(1, 'round must not be empty').max(MAX_ROUND_LENGTH, `round must be at most ${MAX_ROUND_LENGTH} characters`).optional(),
})
export type SetCommentPeriod = z.infer<typeof SetCommentPeriodSchema>

/** Someone named in a period's history. */
export interface PeriodPerson {
  id: string
  name: string
  delegation: string
}

/** One logged change of a period: opened, extended (or brought forward), reopened, closed (by the server: by is null). */
export interface CommentPeriodChange {
  kind: 'open' | 'extend' | 'reopen' | 'close'
  at: string
  by: PeriodPerson | null
  /** The closing time before the change (null when opened). */
  from: string | null
  to: string
}

/** The comments table frozen at one close of a round, with the named version saved then. */
export interface FrozenCompilationView {
  /** 1 for the first close of the round, 2 after a reopen and a second close … */
  n: number
  closedAt: string
  versionId: string | null
}

/** A comment period (one round) of a document, as everyone who may read the document sees it. */
export interface CommentPeriodView {
  id: string
  documentId: string
  round: string
  closesAt: string
  /** 'closed' once the closing time has passed (even before the server's close has run). */
  state: 'open' | 'closed'
  openedAt: string
  /** Every change, oldest first. */
  history: CommentPeriodChange[]
  /** One per close, oldest first: each downloadable as it was. */
  compilations: FrozenCompilationView[]
}

/** The time zone groups have until the chair sets one. */
export const DEFAULT_TIME_ZONE = 'UTC'

/** Whether the runtime knows this IANA time zone name ("Europe/Zurich"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone name, checked against the runtime's list and stored as the runtime spells it ("europe/zurich" → "Europe/Zurich"). */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Zurich')
  .transform((name) => new Intl.DateTimeFormat('en-GB', { timeZone: name }).resolvedOptions().timeZone)
