/** A fixed-window counter per key, in memory: enough for one server process. */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under its limit now. */
  retryAfter(key: string): number {
    const w = this.windows.get(key)
    if (!w || w.resetAt <= Date.now()) return 0
    return w.count >= this.limit ? Math.ceil((w.resetAt - Date.now()) / 1000) : 0
  }

  /** Counts one attempt. */
  hit(key: string): void {
    const now = Date.now()
    let w = this.windows.get(key)
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs }
      this.windows.set(key, w)
    }
    w.count++
    if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k)
  }

  reset(key: string): void {
    this.windows.delete(key)
  }
}
