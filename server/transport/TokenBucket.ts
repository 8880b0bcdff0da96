/**
 * A token bucket: holds at most `burst` tokens and refills continuously at `perSecond`; taking may
 * run it into debt, which later refills pay back. It limits a connection's messages per second, and
 * what a user's updates may cost the server ("units": one per struct and per deleted range an update
 * carries, about a microsecond and a half each to check and apply, shared by all of that user's
 * connections; an update is read only as far as the bucket allows, so no single message, and no
 * number of tabs, can hold the event loop for long).
 */
export class TokenBucket {
  private tokens: number
  private refilledAt = performance.now()

  constructor(
    /** Most tokens at once (for updates: the largest one user can send). */
    readonly burst: number,
    /** Tokens per second the bucket refills with. */
    private readonly perSecond: number,
  ) {
    this.tokens = burst
  }

  /** Whole tokens available now. */
  available(): number {
    const now = performance.now()
    const elapsed = now - this.refilledAt
    // (No time passed adds nothing, also for an unlimited bucket, where 0 × Infinity would be NaN.)
    if (elapsed > 0) this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond)
    this.refilledAt = now
    return Math.floor(this.tokens)
  }

  take(units: number): void {
    this.tokens -= units
  }
}
