import { DomainError } from '../http/DomainError.js'
import type { PeriodStore } from './PeriodStore.js'

/** 409 comment_period_closed, with the closing time in the body (closesAt) for the form to show. */
export function periodClosed(closesAt: number): DomainError {
  const iso = new Date(closesAt).toISOString()
  return new DomainError('conflict', 'comment_period_closed', `the comment period closed at ${iso}: new comments and proposals are no longer accepted`, { fields: { closesAt: iso } })
}

/**
 * Whether a document's comment period has closed, read from the store at every request: document and
 * comment scopes carry it, so a write that arrives after the closing time is refused (409, see
 * registerRoute) even when the server's close has not run yet.
 */
export class PeriodGate {
  constructor(private readonly store: Pick<PeriodStore, 'latest'>) {}

  /** The closing time of the document's current round, and whether it has passed; null without any round. */
  async current(docId: string, now = Date.now()): Promise<{ closesAt: number; closed: boolean } | null> {
    const period = await this.store.latest(docId)
    return period ? { closesAt: period.closesAt, closed: period.state === 'closed' || period.closesAt <= now } : null
  }
}
