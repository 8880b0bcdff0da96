import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { startServer, type ServerKind } from './servers.js'
import { crowd } from './scenarios/crowd.js'
import { commitCost } from './scenarios/commitCost.js'
import { awarenessStorm } from './scenarios/awareness.js'
import { reconnectStorm } from './scenarios/reconnect.js'
import { idleMemory } from './scenarios/idle.js'
import { coldLoad } from './scenarios/coldLoad.js'
import { browserReady } from './scenarios/browser.js'
import { liveDelivery } from './scenarios/liveDelivery.js'
import { marginFrames, marginFramesSection } from './scenarios/marginFrames.js'
import { fmt, sleep } from './stats.js'
import { runClusterBench } from './clusterBench.js'
import { mainThreadProfile, summarizeProfile } from './profileSummary.js'
import { replaceResultsHeader, replaceResultsSection } from './resultsFile.js'

/**
 * npm run bench [-- --only fanout,assembly,awareness,reconnect,cold,idle,browser,margin] [--quick]
 * Every scenario runs the same load against Plenary, the y-websocket reference server and
 * Hocuspocus, each in its own process, and reports Plenary / reference ratios. --servers may add
 * plenary-amendments (fan-out only): the document in amendments mode, every edit a proposal checked
 * by the server, reported as amendments / plenary.
 * npm run bench -- --cluster [--nodes 3] [--runs 3] [--quick]: cluster mode alone (see clusterBench.ts); its
 * sections of bench/results.md are replaced, the rest kept.
 */
const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, out: { type: 'string' }, servers: { type: 'string' }, sizes: { type: 'string' }, cluster: { type: 'boolean' }, profile: { type: 'boolean' }, nodes: { type: 'string' }, runs: { type: 'string' } } })
const only = new Set((values.only ?? 'fanout,assembly,awareness,reconnect,cold,idle,live,browser,margin').split(','))
const quick = !!values.quick
const KINDS = (values.servers ?? 'plenary,y-websocket,hocuspocus').split(',') as ServerKind[]
let lines: string[] = []
const log = (line = '') => {
  console.log(line)
  lines.push(line)
}
const COMMAND = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const OUT = values.out ?? 'bench/results.md'
/**
 * Runs one scenario and replaces its section of the results file (found by `key`, the start of its
 * heading), stamped with this run's date and command; the other sections stay as they were.
 */
async function section(key: string, run: () => Promise<void>): Promise<void> {
  lines = []
  await run()
  lines.splice(2, 0, `- ${new Date().toISOString()}; command: \`${COMMAND}\`${quick ? '; QUICK run (shorter, smaller)' : ''}`, '')
  replaceResultsSection(lines, key, OUT)
}
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')
const version = (name: string) => JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string

async function withServer<T>(kind: ServerKind, docs: string[], fn: (s: Awaited<ReturnType<typeof startServer>>) => Promise<T>, env?: Record<string, string>): Promise<T> {
  const server = await startServer(kind, docs, env)
  try {
    return await fn(server)
  } finally {
    await server.stop()
    await sleep(500)
  }
}

const CROWD_NOTE = '- the readers in child processes of the load generator (bench/crowdReader.ts), the writers in its main process; latency from typing an edit to its arrival at each reader, on the machine\'s clock; "generator CPU" is all of the load generator\'s processes, in % of one core (the machine has ' + os.cpus().length + ')'
const CROWD_HEADER = '| C | server | p50 ms | p95 ms | p99 ms | max ms | delivered / expected | converged | server CPU % | generator CPU % (processes) |'
const CROWD_RULE = '|---|---|---|---|---|---|---|---|---|---|'
/**
 * With --profile: runs Plenary's crowd of C clients under node --cpu-prof, and returns the crowd's
 * result and a summary of the measured phase (typing and draining) of the main thread's profile.
 */
async function profiledCrowd(kind: ServerKind, C: number, options: Parameters<typeof crowd>[2]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-prof-'))
  process.env.BENCH_CPU_PROF = dir
  try {
    const result = await withServer(kind, ['fanout'], (s) => crowd(s, C, options))
    const file = mainThreadProfile(dir)
    const summary = file ? summarizeProfile(file, 12, options.seconds + (options.drainMs ?? 3000) / 1000) : undefined
    return { result, summary }
  } finally {
    delete process.env.BENCH_CPU_PROF
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
const profiles: string[] = []
const targets: Array<(fsyncP50: number) => string> = []
/** Issue #19's targets for the fan-out at this size, against y-websocket in the same run ({fsync...} filled in once measured). */
function fanoutTargets(C: number, rows: Record<string, Awaited<ReturnType<typeof crowd>>>): Array<(fsyncP50: number) => string> {
  const p = rows.plenary
  const ref = rows['y-websocket']
  if (!p || !ref) return []
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met')
  if (C <= 50) return [(fsync) => `- ${C} clients: p50 ${fmt(p.latency.p50)} ms; y-websocket's ${fmt(ref.latency.p50)} ms plus one commit (${fmt(fsync, 2)} ms) is ${fmt(ref.latency.p50 + fsync, 2)} ms (target: at most that: ${mark(p.latency.p50 <= ref.latency.p50 + fsync)})`]
  const lines = [() => `- ${C} clients: p50 ${ratio(p.latency.p50, ref.latency.p50)} of y-websocket's (target ≤ 1.1x: ${mark(p.latency.p50 <= 1.1 * ref.latency.p50)})`]
  if (C >= 500) lines.push(() => `- ${C} clients: p99 ${ratio(p.latency.p99, ref.latency.p99)} of y-websocket's (target ≤ 0.5x: ${mark(p.latency.p99 <= 0.5 * ref.latency.p99)}), server CPU ${ratio(p.cpu, ref.cpu)} (target ≤ 0.3x: ${mark(p.cpu <= 0.3 * ref.cpu)})`)
  return lines
}
/** Runs the crowd, profiled when --profile asks for this size; the summary goes under the section's table. */
async function crowdRun(kind: ServerKind, C: number, profileAt: number, options: Parameters<typeof crowd>[2]) {
  if (!values.profile || kind !== 'plenary' || C !== profileAt) return withServer(kind, ['fanout'], (s) => crowd(s, C, options))
  const { result, summary } = await profiledCrowd(kind, C, options)
  if (summary) {
    const pct = (n: number) => `${n.toFixed(1)}%`
    profiles.push(`CPU profile of Plenary's main thread at ${C} clients, while typing and draining (${summary.samples} samples; \`--profile\`): by module ${summary.modules.slice(0, 8).map(([m, n]) => `${m} ${pct(n)}`).join(', ')}; by function (self) ${summary.functions.slice(0, 10).map(([f, n]) => `\`${f}\` ${pct(n)}`).join(', ')}.`, '')
  }
  return result
}
function logProfiles() {
  for (const line of profiles.splice(0)) log(line)
}

function logCrowdRow(C: number, kind: string, r: Awaited<ReturnType<typeof crowd>>) {
  log(`| ${C} | ${kind} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p95)} | ${fmt(r.latency.p99)} | ${fmt(r.latency.max)} | ${r.delivered} / ${r.expected} (${fmt((r.delivered / r.expected) * 100, 2)}%) | ${r.converged ? 'yes' : 'NO'} | ${fmt(r.cpu)} | ${fmt(r.generatorCpu, 0)} (${r.processes + 1}) |`)
}
function logCrowdRatio(C: number, name: string, a: Awaited<ReturnType<typeof crowd>>, b: Awaited<ReturnType<typeof crowd>>) {
  log(`| ${C} | ${name} | ${ratio(a.latency.p50, b.latency.p50)} | ${ratio(a.latency.p95, b.latency.p95)} | ${ratio(a.latency.p99, b.latency.p99)} | ${ratio(a.latency.max, b.latency.max)} | | | ${ratio(a.cpu, b.cpu)} | |`)
}

if (values.cluster) {
  await runClusterBench({ nodes: Number(values.nodes ?? 3), runs: Math.max(1, Number(values.runs ?? 3)), quick, command: COMMAND })
  process.exit(0)
}

log(`# Plenary benchmark results`)
log()
log(`- date: ${new Date().toISOString()}`)
log(`- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`)
log(`- versions: plenary ${JSON.parse(fs.readFileSync('package.json', 'utf8')).version}, @y/websocket-server ${version('@y/websocket-server')}, @hocuspocus/server ${version('@hocuspocus/server')}, yjs ${version('yjs')}, ws ${version('ws')}`)
log('- load generator and servers on the same machine; each server in its own process; CPU and RSS read from /proc')
log('- each section says when and by which command it was last run')
replaceResultsHeader(lines, OUT)

if (only.has('fanout')) await section('## Fan-out:', async () => {
  log('## Fan-out: C clients on one document, 10 typing at 5 edits/s, each edit followed by a cursor update')
  log()
  log(CROWD_NOTE)
  log()
  log(CROWD_HEADER)
  log(CROWD_RULE)
  for (const C of values.sizes ? values.sizes.split(',').map(Number) : quick ? [50, 200] : [50, 200, 500]) {
    const rows: Record<string, Awaited<ReturnType<typeof crowd>>> = {}
    for (const kind of KINDS) {
      rows[kind] = await crowdRun(kind, C, 500, { seconds: quick ? 5 : 10, writers: 10, rate: 5 })
      logCrowdRow(C, kind, rows[kind])
    }
    const p = rows.plenary
    if (p && rows['plenary-amendments']) {
      const a = rows['plenary-amendments']
      logCrowdRatio(C, 'amendments / plenary', a, p)
    }
    for (const ref of ['y-websocket', 'hocuspocus'].filter((k) => rows[k] && p)) logCrowdRatio(C, `plenary / ${ref}`, p, rows[ref])
    if (p) targets.push(...fanoutTargets(C, rows))
  }
  log()
  const fsync = commitCost()
  log(`One SQLite commit on this disk (WAL, synchronous=FULL, a 120-byte row, ${fsync.n} commits, measured after the runs): p50 ${fmt(fsync.p50, 2)} ms, p99 ${fmt(fsync.p99, 2)} ms: the price of durability, which the reference servers (in memory) do not pay.`)
  log()
  if (targets.length) {
    log('Targets of issue #19 (against y-websocket, the stronger reference at these sizes, in this run):')
    log()
    for (const line of targets.splice(0)) log(line(fsync.p50))
    log()
  }
  logProfiles()
})

if (only.has('assembly')) await section('## Assembly:', async () => {
  log('## Assembly: C clients on one document, 20 typing at 2 edits/s, each edit followed by a cursor update')
  log()
  log(CROWD_NOTE)
  log()
  log(CROWD_HEADER)
  log(CROWD_RULE)
  for (const C of values.sizes ? values.sizes.split(',').map(Number) : quick ? [1000] : [1000, 2000, 5000]) {
    const rows: Record<string, Awaited<ReturnType<typeof crowd>>> = {}
    for (const kind of KINDS) {
      rows[kind] = await crowdRun(kind, C, 5000, { seconds: quick ? 5 : 10, writers: 20, rate: 2, drainMs: 5000 })
      logCrowdRow(C, kind, rows[kind])
    }
    for (const ref of ['y-websocket', 'hocuspocus'].filter((k) => rows[k] && rows.plenary)) logCrowdRatio(C, `plenary / ${ref}`, rows.plenary, rows[ref])
  }
  log()
  logProfiles()
})

if (only.has('awareness')) await section('## Awareness storm:', async () => {
  const C = quick ? 100 : 300
  log(`## Awareness storm: ${C} clients on one document, each moving its cursor twice a second`)
  log()
  log('| server | p50 ms | p95 ms | p99 ms | max ms | latest cursor seen by all | server CPU % |')
  log('|---|---|---|---|---|---|---|')
  const rows: Record<string, Awaited<ReturnType<typeof awarenessStorm>>> = {}
  const row = (name: string, r: Awaited<ReturnType<typeof awarenessStorm>>) => log(`| ${name} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p95)} | ${fmt(r.latency.p99)} | ${fmt(r.latency.max)} | ${fmt(r.completeness * 100, 2)}% | ${fmt(r.cpu)} |`)
  for (const kind of KINDS) {
    // Like for like: Plenary sending every cursor to everyone, as the references do (the benchmark's clients are all one user).
    rows[kind] = await withServer(kind, ['awareness'], (s) => awarenessStorm(s, C, { seconds: quick ? 5 : 10 }), kind === 'plenary' ? { CURSORS_SHOWN: '10000' } : undefined)
    row(kind === 'plenary' ? 'plenary, every cursor shown (CURSORS_SHOWN=10000)' : kind, rows[kind])
  }
  for (const ref of ['y-websocket', 'hocuspocus'].filter((k) => rows[k])) log(`| plenary / ${ref} | ${ratio(rows.plenary.latency.p50, rows[ref].latency.p50)} | | ${ratio(rows.plenary.latency.p99, rows[ref].latency.p99)} | | | ${ratio(rows.plenary.cpu, rows[ref].cpu)} |`)
  log()
})

if (only.has('reconnect')) await section('## Reconnect storm:', async () => {
  const clients = quick ? 300 : 1000
  const docs = 50
  log(`## Reconnect storm: ${clients} clients over ${docs} documents connect at once, then drop and reconnect within 5 s`)
  log()
  log('| server | first connect, all synced ms | document loads (first / after storm) | reconnect p50 ms | p99 ms | all synced ms | synced |')
  log('|---|---|---|---|---|---|---|')
  const docNames = Array.from({ length: docs }, (_, i) => `storm-${i}`)
  for (const kind of KINDS) {
    const r = await withServer(kind, docNames, (s) => reconnectStorm(s, { clients, docs, windowMs: 5000 }))
    log(`| ${kind} | ${fmt(r.firstConnectAllMs, 0)} | ${r.loadsAfterFirst ?? 'n/a'} / ${r.loadsAfterStorm ?? 'n/a'} | ${fmt(r.sync.p50)} | ${fmt(r.sync.p99)} | ${fmt(r.allSyncedMs, 0)} | ${r.synced}/${clients} |`)
  }
  log()
})

if (only.has('cold')) await section('## Cold load:', async () => {
  const edits = quick ? 50_000 : 260_000
  log(`## Cold load: a document of ${edits.toLocaleString('en')} single-character edits (Plenary only: the reference servers store nothing)`)
  log()
  const r = await coldLoad({ edits })
  log('| connect → synced, from the update log | after compaction | stored bytes before | after | another document\'s edits (p99 / max ms) during the first load | during the compaction | during the load after compaction |')
  log('|---|---|---|---|---|---|---|')
  const pm = (s: { p99: number; max: number }) => `${fmt(s.p99)} / ${fmt(s.max)}`
  log(`| ${fmt(r.beforeCompactionMs)} ms | ${fmt(r.afterCompactionMs)} ms | ${r.bytesBefore.toLocaleString('en')} | ${r.bytesAfter.toLocaleString('en')} | ${pm(r.duringLoad)} | ${pm(r.duringCompaction)} | ${pm(r.duringReload)} |`)
  log()
})

if (only.has('idle')) await section('## Idle memory:', async () => {
  const connections = quick ? 1000 : 5000
  const docs = quick ? 200 : 1000
  log(`## Idle memory: ${connections} idle connections over ${docs} documents`)
  log()
  log('| server | RSS before MiB | with connections MiB | per connection KiB (documents included) | 6 s after all left MiB | 30 s after MiB | vs start (30 s) | the same crowd again, 30 s after it left MiB |')
  log('|---|---|---|---|---|---|---|---|')
  const docNames = Array.from({ length: docs }, (_, i) => `idle-${i}`)
  const rows: Record<string, Awaited<ReturnType<typeof idleMemory>>> = {}
  for (const kind of KINDS) {
    rows[kind] = await withServer(kind, docNames, (s) => idleMemory(s, { connections, docs, settleMs: 6000, laterMs: 24000 }), { DOC_UNLOAD_DELAY_MS: '1000' })
    const r = rows[kind]
    log(`| ${kind} | ${fmt(r.baseMiB)} | ${fmt(r.loadedMiB)} | ${fmt(r.perConnectionKiB, 2)} | ${fmt(r.soonMiB)} | ${fmt(r.afterMiB)} | ${r.returnedWithinPercent >= 0 ? '+' : ''}${fmt(r.returnedWithinPercent)}% | ${fmt(r.afterSecondMiB)} |`)
  }
  for (const ref of ['y-websocket', 'hocuspocus'].filter((k) => rows[k])) log(`| plenary / ${ref} | | | ${ratio(rows.plenary.perConnectionKiB, rows[ref].perConnectionKiB)} | | | | |`)
  log()
})

if (only.has('live')) await section('## Live delivery', async () => {
  const sizes = quick ? [20] : [100, 1000]
  log(`## Live delivery of comments and feedback updates to ${sizes.join(' and ')} members' event streams (Plenary only)`)
  log()
  log('| subscribers | kind | deliveries | p50 ms | p95 ms | p99 ms | max ms | server CPU % | load generator CPU % (reader threads) |')
  log('|---|---|---|---|---|---|---|---|---|')
  for (const subscribers of sizes) {
    // The load generator reads the streams in worker threads, one per 500 subscribers, so it is not what is measured.
    const r = await liveDelivery({ subscribers, posts: quick ? 20 : 60, threads: Math.ceil(subscribers / 500) })
    const cpu = `${fmt(r.cpu.server)} | ${fmt(r.cpu.generator)} (${r.threads})`
    log(`| ${subscribers} | comment thread | ${r.thread.n} | ${fmt(r.thread.p50)} | ${fmt(r.thread.p95)} | ${fmt(r.thread.p99)} | ${fmt(r.thread.max)} | ${cpu} |`)
    log(`| ${subscribers} | feedback update | ${r.feedback.n} | ${fmt(r.feedback.p50)} | ${fmt(r.feedback.p95)} | ${fmt(r.feedback.p99)} | ${fmt(r.feedback.max)} | ${cpu} |`)
    await sleep(500)
  }
  log()
  log(`- load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (the machine is shared)`)
  log()
})

if (only.has('browser')) await section('## Browser:', async () => {
  log('## Browser: navigation to an editable, synced DG response in headless Chromium')
  log()
  const loadBefore = os.loadavg()[0]
  const r = await browserReady(quick ? 3 : 9)
  // The machine may be shared: the page's start is CPU-bound, so its figures follow the load.
  log(`- load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`)
  log()
  const js = (s: typeof r.js) => `${(s.gzipBytes / 1024).toFixed(1)} KiB gzip (${(s.brotliBytes / 1024).toFixed(1)} KiB as sent, Brotli) in ${s.files} file(s)`
  log('| runs | ready p50 ms (page clock, from navigation start) | ready max ms | seen by the driver p50 ms | max ms | JavaScript the page loaded when ready | and once its network was quiet |')
  log('|---|---|---|---|---|---|---|')
  log(`| ${r.runs} | ${fmt(r.readyMsP50, 0)} | ${fmt(r.readyMsMax, 0)} | ${fmt(r.wallMsP50, 0)} | ${fmt(r.wallMsMax, 0)} | ${js(r.js)} | ${js(r.jsIdle)} |`)
  log()
})

if (only.has('margin')) {
  const seconds = quick ? 5 : 10
  const baseline = await marginFrames(seconds, 0)
  replaceResultsSection(marginFramesSection(await marginFrames(seconds), COMMAND, seconds, baseline), '## Margin: frame times', OUT)
}

console.log(`\nwritten to ${OUT}`)
process.exit(0)
