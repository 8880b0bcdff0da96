import { afterAll, describe, expect, it } from 'vitest'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'
import { freePort, RedisProcess } from '../helpers/redisProcess.js'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster.js'
import type { YClient } from '../helpers/yClient.js'

/**
 * The relay failing under three node processes on PostgreSQL: messages lost on the way, and Redis
 * itself gone in the middle of a burst. Each client is connected to one node directly, so every
 * edit has to cross between nodes; nothing may be lost, and every client and the document rebuilt
 * from PostgreSQL must end the same.
 */

/** One client on each node, each typing `rounds` numbered words. */
function editorsOn(cluster: PgCluster): YClient[] {
  const people = [cluster.seed.people.swiss, cluster.seed.people.brazil, cluster.seed.people.dg]
  return cluster.nodes.map((node, i) => cluster.connect(cluster.wsOf(node), people[i % people.length].token))
}

async function burst(editors: YClient[], tag: string, from: number, to: number): Promise<void> {
  for (let round = from; round < to; round++) {
    editors.forEach((c, i) => appendText(c.doc, ` ${tag}${i}.${round}`))
    await new Promise((r) => setTimeout(r, 15))
  }
}

async function expectConvergedWithEveryWord(cluster: PgCluster, editors: YClient[], tag: string, rounds: number): Promise<void> {
  await waitFor(
    async () => {
      const texts = editors.map((c) => bodyText(c.doc))
      expect(new Set(texts).size).toBe(1)
      expect(await cluster.storedText()).toBe(texts[0])
    },
    { timeout: 20_000, interval: 250 },
  ).catch(async (e: unknown) => {
    // Say which words each client lacks, or has beyond, what PostgreSQL holds.
    const words = (t: string) => new Set(t.match(/ \w\d\.\d+/g))
    const stored = words(await cluster.storedText())
    editors.forEach((c, i) => {
      const own = words(bodyText(c.doc))
      console.error(`client ${i}: missing ${[...stored].filter((w) => !own.has(w)).join(',') || 'nothing'}; beyond the database ${[...own].filter((w) => !stored.has(w)).join(',') || 'nothing'}`)
    })
    throw e
  })
  const text = bodyText(editors[0].doc)
  for (let i = 0; i < editors.length; i++) for (let round = 0; round < rounds; round++) expect(text).toContain(` ${tag}${i}.${round} `.trimEnd())
}

describe('three node processes whose relay drops a tenth of its messages', () => {
  let cluster: PgCluster
  afterAll(() => cluster?.close())

  it('converge with nothing lost: each node reads what it missed from PostgreSQL', async () => {
    cluster = await startPgCluster(3, { CLUSTER_DROP_RELAY_RATIO: '0.1', CLUSTER_CHECK_MS: '300' })
    const editors = editorsOn(cluster)
    await Promise.all(editors.map((c) => c.synced))
    await burst(editors, 'd', 0, 30)
    await expectConvergedWithEveryWord(cluster, editors, 'd', 30)
  }, 60_000)
})

describe('three node processes whose Redis is stopped and restarted mid-burst', () => {
  let cluster: PgCluster
  const redis = new RedisProcess(0)
  afterAll(async () => {
    await cluster?.close()
    await redis.shutdown().catch(() => {})
  })

  it('keep serving their clients, see each other’s edits through PostgreSQL meanwhile, and converge with nothing lost', async () => {
    Object.assign(redis, { port: await freePort() })
    await redis.start()
    cluster = await startPgCluster(3, { REDIS_URL: redis.url, CLUSTER_POLL_MS: '100' })
    const editors = editorsOn(cluster)
    await Promise.all(editors.map((c) => c.synced))
    await burst(editors, 'r', 0, 10)
    // `redis-cli shutdown nosave`: gone at once, as in a crash.
    await redis.shutdown()
    await burst(editors, 'r', 10, 20)
    // Without Redis each node reads the others' edits from PostgreSQL (CLUSTER_POLL_MS).
    await waitFor(() => expect(bodyText(editors[0].doc)).toContain(' r2.19'), { timeout: 10_000 })
    await redis.start()
    await burst(editors, 'r', 20, 30)
    await expectConvergedWithEveryWord(cluster, editors, 'r', 30)
  }, 60_000)
})
