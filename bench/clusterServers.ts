import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { openPostgresStores } from '../server/persistence/postgres/openPostgresStores.js'
import { startNode, type NodeProcess } from '../scripts/cluster/startNode.js'
import type { BenchServer } from './servers.js'

/** The benchmark's own PostgreSQL database (made when missing), so its commit count is its alone. */
const BENCH_PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/plenary_bench'
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1)
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name.replace(/[^a-z0-9_]/g, '')}`)
  } finally {
    await admin.end()
  }
}

/** Transactions committed in the benchmark's database so far (PostgreSQL's own statistics). */
export async function pgCommits(): Promise<number> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL })
  await client.connect()
  try {
    // The statistics of other backends reach pg_stat_database within a second; this backend's own snapshot is cleared first.
    await client.query('SELECT pg_stat_clear_snapshot()')
    const row = await client.query<{ xact_commit: string }>('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')
    return Number(row.rows[0].xact_commit)
  } finally {
    await client.end()
  }
}

export interface BenchCluster {
  /** One BenchServer per node (the same benchmark user and token on each). */
  nodes: BenchServer[]
  /** The document as rebuilt from PostgreSQL, for checking what every client converged to. */
  storedDoc(docId: string): Promise<{ snapshot: Uint8Array | null; updates: Uint8Array[] }>
  stop(): Promise<void>
}

/**
 * Plenary nodes on one PostgreSQL schema (a fresh one per call) and, with more than one node, the
 * real Redis under a fresh key prefix: each node its own process started as `npm run cluster`
 * starts them. One node is started without Redis: the single-node baseline on the same database.
 */
export async function startPlenaryCluster(count: number, docNames: string[], env: Record<string, string> = {}): Promise<BenchCluster> {
  await ensureDatabase(BENCH_PG_URL)
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 16)}`
  const stores = await openPostgresStores(BENCH_PG_URL, { schema })
  let token: string
  let userId: string
  try {
    await stores.groups.createGroup({ id: 'bench', name: 'Benchmark group' })
    const user = await stores.accounts.createUser({ email: 'bench@example.org', name: 'Bench' })
    userId = user.id
    await stores.groups.setMembership({ groupId: 'bench', userId: user.id, role: 'member', delegation: 'Bench' })
    token = (await stores.accounts.createToken(user.id, 'bench')).token
    for (const id of docNames) await stores.documents.createDocument({ id, groupId: 'bench', title: id })
  } finally {
    await stores.close()
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-cluster-'))
  const shared = {
    DATABASE_URL: BENCH_PG_URL,
    PG_SCHEMA: schema,
    ...(count > 1 ? { REDIS_URL, REDIS_PREFIX: `${schema}:` } : {}),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    SEED_EXAMPLE: 'false',
    NODE_ENV: 'production',
    MAX_CONNECTIONS_PER_USER: '100000',
    MAX_CONNECTIONS_PER_ADDRESS: '100000',
    ...env,
  }
  const processes: NodeProcess[] = []
  try {
    for (let i = 1; i <= count; i++) processes.push(await startNode(`bench-${i}`, shared))
  } catch (error) {
    for (const p of processes) p.process.kill('SIGKILL')
    throw error
  }
  const nodes = processes.map(
    (p): BenchServer => ({
      kind: 'plenary',
      pid: p.process.pid!,
      port: p.port,
      token,
      userId,
      dataDir,
      proc: p.process,
      url: (doc) => `ws://127.0.0.1:${p.port}/collab/${doc}`,
      stop: async () => {
        p.process.kill('SIGTERM')
        await p.exited
      },
    }),
  )
  return {
    nodes,
    async storedDoc(docId) {
      const reader = await openPostgresStores(BENCH_PG_URL, { schema })
      try {
        return await reader.documents.loadContent(docId)
      } finally {
        await reader.close()
      }
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()))
      fs.rmSync(dataDir, { recursive: true, force: true })
      const client = new pg.Client({ connectionString: BENCH_PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    },
  }
}
