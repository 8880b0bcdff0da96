/** Percentile of a list of numbers (nearest rank); NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export function summarize(values: number[]) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.reduce((m, v) => (v > m ? v : m), values.length ? -Infinity : NaN),
  }
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** One clock for every client in the load generator. */
export const now = () => performance.now()

/** Stops timers started with setTimeout or setInterval. */
export function stopTimers(timers: Iterable<NodeJS.Timeout>): void {
  for (const t of timers) {
    clearTimeout(t)
    clearInterval(t)
  }
}
