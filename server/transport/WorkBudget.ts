/**
 * What a user's updates may cost the server: a token bucket of "units" (one per struct and per
 * deleted range an update carries, about a microsecond and a half each to check and apply), shared
 * by all of that user's connections. An update is read only as far as the bucket allows, so no
 * single message, and no number of tabs, can hold the event loop for long.
 */
export class WorkBudget {
  private tokens: number
  private refilledAt = performance.now()

  constructor(
    /** Most units at once: the largest update one user can send. */
    readonly burst: number,
    /** Units per second the bucket refills with. */
    private readonly perSecond: number,
  ) {
    this.tokens = burst
  }

  /** Units available now. */
  available(): number {
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond)
    this.refilledAt = now
    return Math.floor(this.tokens)
  }

  take(units: number): void {
    this.tokens -= units
  }
}
