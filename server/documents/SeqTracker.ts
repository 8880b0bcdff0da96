/**
 * Which stored updates of one document a room's doc holds, by sequence number. Updates arrive from
 * this node's own commits and, in cluster mode, from other nodes through the relay, not always in
 * order: `through` is the number up to which the doc holds every update (what a snapshot made from
 * the doc may replace), and the ranges held beyond it wait for the gap below them to be filled.
 */
export class SeqTracker {
  /** Every update with a sequence number up to this one is in the doc. */
  private contiguous: number
  /** Ranges [from, to] held beyond `contiguous`, sorted, not touching it. */
  private ahead: [number, number][] = []

  constructor(through = 0) {
    this.contiguous = through
  }

  get through(): number {
    return this.contiguous
  }

  /** The newest sequence number held (beyond a gap, if there is one). */
  get newest(): number {
    return this.ahead.length ? this.ahead[this.ahead.length - 1][1] : this.contiguous
  }

  /** Whether some update below a held one is missing. */
  get hasGap(): boolean {
    return this.ahead.length > 0
  }

  /** Whether every update of the range is already held. */
  holds(from: number, to: number): boolean {
    if (to <= this.contiguous) return true
    return this.ahead.some(([a, b]) => a <= Math.max(from, this.contiguous + 1) && b >= to)
  }

  /** The updates from..to are now in the doc. */
  add(from: number, to: number): void {
    if (to < from || to <= this.contiguous) return
    if (from <= this.contiguous + 1) {
      this.contiguous = to
    } else {
      this.ahead.push([from, to])
      this.ahead.sort((x, y) => x[0] - y[0])
    }
    // Fold in the ranges that now touch or overlap what is contiguous.
    while (this.ahead.length && this.ahead[0][0] <= this.contiguous + 1) {
      this.contiguous = Math.max(this.contiguous, this.ahead.shift()![1])
    }
  }

  /** Everything up to seq is in the doc (read from storage, which has no gaps). */
  addThrough(seq: number): void {
    this.add(1, seq)
  }
}
