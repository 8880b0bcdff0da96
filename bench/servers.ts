import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SqliteDocumentStore } from '../server/persistence/sqlite/SqliteDocumentStore.js'
import { accountAdapters } from '../server/persistence/sqlite/accountStores.js'
import { serveCommand } from './serveCommand.js'

/** plenary-amendments: Plenary with the documents in amendments mode (every edit checked as a proposal). */
export type ServerKind = 'plenary' | 'plenary-amendments' | 'y-websocket' | 'hocuspocus'

export interface BenchServer {
  kind: ServerKind
  pid: number
  port: number
  /** The websocket URL for a document. */
  url(docName: string): string
  /** Bearer token for Plenary (empty for the others). */
  token: string
  /** Plenary's benchmark user, whose proposals the amendments kind types. */
  userId?: string
  dataDir: string | null
  proc: ChildProcess
  stop(): Promise<void>
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  return ticks / 100
}

/** Resident memory of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)
  return kb ? Number(kb[1]) * 1024 : NaN
}

/** Measures a process's CPU use over a window, as a percentage of one core. */
export function cpuMeter(pid: number) {
  const start = { cpu: cpuSeconds(pid), wall: performance.now() }
  return () => ((cpuSeconds(pid) - start.cpu) / ((performance.now() - start.wall) / 1000)) * 100
}

function waitForPort(child: ChildProcess, pattern: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000)
    const onData = (d: Buffer) => {
      out += d
      const m = pattern.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)))
  })
}

/** A port nobody listens on now (benchmarks' reference servers, and tests' own Redis). */
export async function freePort(): Promise<number> {
  const net = await import('node:net')
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

const stopper = (proc: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve()
    proc.once('exit', () => resolve())
    proc.kill('SIGTERM')
    setTimeout(() => proc.kill('SIGKILL'), 5000).unref()
  })

/**
 * Prepares a fresh Plenary DATA_DIR (a group, a member with a token, the named documents),
 * optionally with stored content, and starts the server from the code as `npm start` runs it.
 */
export async function startPlenary(docNames: string[], options: { env?: Record<string, string>; content?: (storage: SqliteDocumentStore) => void; amendments?: boolean } = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-'))
  const storage = new SqliteDocumentStore(dataDir)
  const { accounts, groups } = accountAdapters(storage.database)
  groups.createGroup({ id: 'bench', name: 'Benchmark group' })
  const user = accounts.createUser({ email: 'bench@example.org', name: 'Bench' })
  groups.setMembership({ groupId: 'bench', userId: user.id, role: 'member', delegation: 'Bench' })
  const token = accounts.createToken(user.id, 'bench').token
  storage.db.transaction(() => {
    for (const name of docNames) {
      storage.createDocument({ id: name, groupId: 'bench', title: name })
      if (options.amendments) storage.setMode(name, 'amendments')
    }
  })()
  options.content?.(storage)
  storage.close()
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the Plenary server when it stops.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []
  const serve = serveCommand()
  const proc = spawn(process.execPath, [...prof, ...serve.args], {
    // One benchmark user opens thousands of connections from one address.
    env: { ...process.env, ...serve.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SEED_EXAMPLE: 'false', NODE_ENV: 'production', MAX_CONNECTIONS_PER_USER: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const port = await waitForPort(proc, /running at http:\/\/[^:]+:(\d+)/)
  const stop = stopper(proc)
  return {
    kind: options.amendments ? 'plenary-amendments' : 'plenary',
    pid: proc.pid!,
    port,
    token,
    userId: user.id,
    dataDir,
    proc,
    url: (doc) => `ws://127.0.0.1:${port}/collab/${doc}`,
    stop: async () => {
      await stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The y-websocket reference server (@y/websocket-server), in memory, as its own bin runs it. */
export async function startYWebsocket(): Promise<BenchServer> {
  const port = await freePort()
  const proc = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] })
  await waitForPort(proc, /running at '[^']+' on port (\d+)/)
  return { kind: 'y-websocket', pid: proc.pid!, port, token: '', dataDir: null, proc, url: (doc) => `ws://127.0.0.1:${port}/${doc}`, stop: stopper(proc) }
}

/** Hocuspocus 3 with its defaults (in memory). */
export async function startHocuspocus(): Promise<BenchServer> {
  const port = await freePort()
  const proc = spawn(process.execPath, ['bench/hocuspocusServer.mjs'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  await waitForPort(proc, /hocuspocus listening on (\d+)/)
  return { kind: 'hocuspocus', pid: proc.pid!, port, token: '', dataDir: null, proc, url: () => `ws://127.0.0.1:${port}`, stop: stopper(proc) }
}

export function startServer(kind: ServerKind, docNames: string[], env?: Record<string, string>): Promise<BenchServer> {
  if (kind === 'plenary' || kind === 'plenary-amendments') return startPlenary(docNames, { env, amendments: kind === 'plenary-amendments' })
  if (kind === 'y-websocket') return startYWebsocket()
  return startHocuspocus()
}
