/**
 * At most `limit` attempts per key in any `windowMs` (a sliding window: the times of the counted
 * attempts are kept, so no burst at a window's edge doubles the limit). In memory: enough for one
 * server process.
 *
 * An attempt is counted when it starts, before any asynchronous check, so attempts made in parallel
 * cannot all pass `retryAfter` before the first of them is counted. An attempt that turns out not to
 * count (a sign-in that succeeded, for the per-account failure limit) is given back with the function
 * `hit` returns: it withdraws that attempt only, never the others.
 */
export class RateLimiter {
  /** Times of the counted attempts per key, oldest first. */
  private readonly attempts = new Map<string, number[]>()
  private pruneAbove = 10_000

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under its limit now. */
  retryAfter(key: string): number {
    const now = Date.now()
    const times = this.live(key, now)
    if (times.length < this.limit) return 0
    return Math.max(1, Math.ceil((times[times.length - this.limit] + this.windowMs - now) / 1000))
  }

  /** Counts one attempt now; the returned function withdraws it (once). */
  hit(key: string): () => void {
    const now = Date.now()
    let times = this.live(key, now)
    if (!times.length) this.attempts.set(key, (times = []))
    times.push(now)
    if (times.length > this.limit) times.splice(0, times.length - this.limit)
    if (this.attempts.size > this.pruneAbove) this.prune(now)
    let withdrawn = false
    return () => {
      if (withdrawn) return
      withdrawn = true
      const at = times.lastIndexOf(now)
      if (at >= 0) times.splice(at, 1)
    }
  }

  /** The key's attempts still in the window (older ones dropped). */
  private live(key: string, now: number): number[] {
    const times = this.attempts.get(key)
    if (!times) return []
    while (times.length && times[0] <= now - this.windowMs) times.shift()
    if (!times.length) this.attempts.delete(key)
    return times
  }

  /** Drops keys with no attempt left in the window; at most once per doubling of the map. */
  private prune(now: number): void {
    for (const key of [...this.attempts.keys()]) this.live(key, now)
    this.pruneAbove = Math.max(10_000, this.attempts.size * 2)
  }
}
