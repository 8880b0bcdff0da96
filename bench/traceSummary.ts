import fs from 'node:fs'

/**
 * Summarises a Chromium trace (MARGIN_TRACE in scenarios/marginFrames.ts): on the page's main
 * thread, the time spent in each kind of top-level task event (style, layout, paint, script…),
 * and the longest tasks. Usage: node --import tsx bench/traceSummary.ts <trace.json> [top]
 */
interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  args?: { name?: string; data?: { url?: string; functionName?: string } }
}

const [file, topArg] = process.argv.slice(2)
const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] }
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
if (!main) throw new Error('no renderer main thread in this trace')
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')
const span = (onMain.reduce((m, e) => Math.max(m, e.ts + e.dur!), 0) - onMain.reduce((m, e) => Math.min(m, e.ts), Infinity)) / 1000
// Self-contained kinds of work: each counted where it is not inside another of the same name.
const KINDS = ['FunctionCall', 'EvaluateScript', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers', 'HitTest', 'ScrollLayer', 'MajorGC', 'MinorGC', 'V8.GC_MARK_COMPACTOR', 'ParseHTML']
const totals = new Map<string, { ms: number; n: number }>()
for (const kind of KINDS) {
  const list = onMain.filter((e) => e.name === kind).sort((a, b) => a.ts - b.ts)
  let end = -1
  let ms = 0
  let n = 0
  for (const e of list) {
    if (e.ts < end) continue
    end = e.ts + e.dur!
    ms += e.dur! / 1000
    n++
  }
  if (n) totals.set(kind, { ms, n })
}
console.log(`main thread: ${span.toFixed(0)} ms traced, ${tasks.length} tasks, ${(tasks.reduce((s, t) => s + t.dur!, 0) / 1000).toFixed(0)} ms busy`)
for (const [kind, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${t.ms.toFixed(0).padStart(6)} ms  ${String(t.n).padStart(5)}×  ${kind}`)
console.log('\nlongest tasks:')
for (const t of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, Number(topArg ?? 10))) {
  const inside = onMain.filter((e) => e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur! && KINDS.includes(e.name) && e.dur! > 1000)
  const parts = new Map<string, number>()
  for (const e of inside) parts.set(e.name, (parts.get(e.name) ?? 0) + e.dur! / 1000)
  console.log(`  ${(t.dur! / 1000).toFixed(1)} ms: ${[...parts].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`)
}
