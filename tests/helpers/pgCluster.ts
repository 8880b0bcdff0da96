import * as Y from 'yjs'
import { randomUUID } from 'node:crypto'
import { startTestServer, removeDataDir, tempDataDir, type TestServer } from './testServer.js'
import { dropSchema, schemaFor, TEST_PG_URL } from './testDatabase.js'
import { connectClient, type YClient } from './yClient.js'
import { bodyText } from './bodyText.js'
import { startNode, type NodeProcess } from '../../scripts/cluster/startNode.js'
import { openPostgresStores } from '../../server/persistence/postgres/openPostgresStores.js'

/** Nodes of a cluster as child processes on one PostgreSQL schema, and what a test needs of them. */
export interface PgCluster {
  /** The in-process server that made the people and documents (stopped before the nodes started). */
  seed: TestServer
  nodes: NodeProcess[]
  /** A node's websocket base URL (ws://…/collab). */
  wsOf(node: NodeProcess): string
  /** A client of the test's, destroyed with the cluster. */
  connect(wsUrl: string, token: string, docId?: string): YClient
  /** The DG response's body as rebuilt from PostgreSQL. */
  storedText(docId?: string): Promise<string>
  close(): Promise<void>
}

/**
 * Starts `count` Plenary nodes as separate processes (as `npm run cluster` does) on a fresh
 * PostgreSQL schema and the given Redis under a fresh key prefix. The people and documents are made
 * by an in-process server on the same schema, stopped before the nodes start.
 */
export async function startPgCluster(count: number, env: Record<string, string> = {}): Promise<PgCluster> {
  const dataDir = tempDataDir()
  const schema = schemaFor(dataDir)
  const seed = await startTestServer({ DATA_DIR: dataDir, DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schema })
  await seed.close()
  const shared = {
    DATABASE_URL: TEST_PG_URL,
    PG_SCHEMA: schema,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomUUID()}:`,
    SEED_EXAMPLE: 'false',
    LOG_LEVEL: 'error',
    CLUSTER_CHECK_MS: '500',
    CLUSTER_NODE_TIMEOUT_MS: '1500',
    ACCESS_RECHECK_MS: '60000',
    MAX_CONNECTIONS_PER_USER: '1000',
    DOC_UNLOAD_DELAY_MS: '500',
    DATA_DIR: dataDir,
    ...env,
  }
  const nodes: NodeProcess[] = []
  const clients: YClient[] = []
  for (let i = 1; i <= count; i++) nodes.push(await startNode(`n${i}`, shared))
  return {
    seed,
    nodes,
    wsOf: (node) => `${node.url.replace(/^http/, 'ws')}/collab`,
    connect(wsUrl, token, docId = seed.docIds.dgResponse) {
      const c = connectClient(wsUrl, docId, { token })
      clients.push(c)
      return c
    },
    async storedText(docId = seed.docIds.dgResponse) {
      const stores = await openPostgresStores(TEST_PG_URL, { schema })
      try {
        const stored = await stores.documents.loadContent(docId)
        const doc = new Y.Doc()
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
        for (const u of stored.updates) Y.applyUpdate(doc, u)
        return bodyText(doc)
      } finally {
        await stores.close()
      }
    },
    async close() {
      for (const c of clients) c.destroy()
      for (const n of nodes) n.process.kill('SIGKILL')
      await Promise.all(nodes.map((n) => n.exited))
      removeDataDir(dataDir)
      dropSchema(schema)
    },
  }
}
