import type { ChangeEvent, ChangeFeed } from './ChangeFeed.js'

/** How long an event waits for the ones numbered before it before the feed is read for them. */
const GAP_WAIT_MS = 50
/** Events read from the feed at a time when filling a gap. */
const READ_BATCH = 500

/**
 * Delivers the change feed's events exactly once and in sequence order, whatever order they are
 * published in: events of concurrent transactions, and in a cluster those relayed from other nodes,
 * arrive in any order and some never arrive (a lost relay message). An event ahead of a gap waits
 * briefly for the missing ones, then they are read from the feed, which numbers events without gaps.
 */
export class FeedSequencer {
  private delivered: number
  private readonly waiting = new Map<number, ChangeEvent>()
  private gapTimer: NodeJS.Timeout | undefined
  private reading: Promise<void> | undefined

  constructor(
    private readonly feed: ChangeFeed,
    start: number,
    private readonly deliver: (event: ChangeEvent) => void,
    private readonly onError: (error: unknown) => void,
  ) {
    this.delivered = start
  }

  /** The sequence number up to which every event was delivered. */
  get through(): number {
    return this.delivered
  }

  /** An event committed here or elsewhere: delivered now if it is next, else once those before it are. */
  accept(event: ChangeEvent): void {
    if (event.seq <= this.delivered || this.waiting.has(event.seq)) return
    this.waiting.set(event.seq, event)
    this.drain()
    if (this.waiting.size) this.waitForGap()
  }

  /** Reads and delivers whatever the feed holds beyond what was delivered (periodic check, relay resumed). */
  catchUp(): Promise<void> {
    this.reading ??= (async () => {
      for (;;) {
        const events = await this.feed.eventsAfter(this.delivered, READ_BATCH)
        for (const e of events) if (e.seq > this.delivered) this.waiting.set(e.seq, e)
        this.drain()
        if (events.length < READ_BATCH) break
      }
    })()
      .catch(this.onError)
      .finally(() => (this.reading = undefined))
    return this.reading
  }

  private drain(): void {
    for (let next = this.waiting.get(this.delivered + 1); next; next = this.waiting.get(this.delivered + 1)) {
      this.waiting.delete(next.seq)
      this.delivered = next.seq
      this.deliver(next)
    }
  }

  private waitForGap(): void {
    if (this.gapTimer) return
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined
      if (!this.waiting.size) return
      void this.catchUp().then(() => {
        if (this.waiting.size) this.waitForGap()
      })
    }, GAP_WAIT_MS)
    this.gapTimer.unref()
  }

  close(): void {
    clearTimeout(this.gapTimer)
  }
}
