import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { startTestServer, removeDataDir, tempDataDir, type TestServer } from '../helpers/testServer.js'
import { dropSchema, TEST_PG_URL } from '../helpers/testDatabase.js'
import { api } from '../helpers/http.js'
import { waitFor } from '../helpers/waitFor.js'
import type { CommentPeriodView } from '../../shared/periods/types.js'
import type { VersionSummary } from '../../shared/versions/types.js'

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString()
const call = (server: TestServer, method: string, path: string, body?: unknown) => api(server.url, method, path, { as: { token: server.people.chair.token }, body })
const periodOn = async (server: TestServer, docId: string): Promise<CommentPeriodView> => (await call(server, 'GET', `/api/documents/${docId}/comment-period`)).json
const namedVersions = async (server: TestServer, docId: string) => ((await call(server, 'GET', `/api/documents/${docId}/versions`)).json as VersionSummary[]).filter((v) => v.kind === 'named')

describe('the close of a comment period happens once, whoever is running', () => {
  it('closes a period opened before a restart, at its time, from storage', async () => {
    const dataDir = tempDataDir()
    const first = await startTestServer({ DATA_DIR: dataDir })
    const docId = first.docIds.dgResponse
    try {
      expect((await call(first, 'PUT', `/api/documents/${docId}/comment-period`, { closesAt: inMs(2_500), round: 'First reading' })).status).toBe(200)
    } finally {
      await first.close()
    }
    const second = await startTestServer({ DATA_DIR: dataDir })
    try {
      await waitFor(async () => expect((await periodOn(second, docId)).compilations).toHaveLength(1), { timeout: 10_000 })
      expect((await namedVersions(second, docId)).map((v) => v.name)).toEqual([expect.stringMatching(/^First reading — closed /)])
    } finally {
      await second.close()
      removeDataDir(dataDir)
    }
  })

  it('two nodes on one PostgreSQL both time the close: one version and one frozen compilation', async () => {
    const schema = `plenary_periods_${randomBytes(5).toString('hex')}`
    const database = { DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schema }
    const dirs = [tempDataDir(), tempDataDir()]
    const a = await startTestServer({ ...database, DATA_DIR: dirs[0] })
    const b = await startTestServer({ ...database, DATA_DIR: dirs[1] })
    try {
      const docId = a.docIds.dgResponse
      expect(b.docIds.dgResponse).toBe(docId)
      // Opened on node a (a's timer), extended on node b (b's timer): a's timer, firing first, finds the
      // new closing time in storage and waits for it too, so both nodes try to close at the same moment.
      expect((await call(a, 'PUT', `/api/documents/${docId}/comment-period`, { closesAt: inMs(1_500) })).status).toBe(200)
      const closesAt = inMs(2_500)
      expect((await call(b, 'PUT', `/api/documents/${docId}/comment-period`, { closesAt })).status).toBe(200)
      await waitFor(async () => expect((await periodOn(a, docId)).compilations).toHaveLength(1), { timeout: 10_000 })
      await new Promise((r) => setTimeout(r, 1_000))
      const period = await periodOn(b, docId)
      expect(period.compilations).toHaveLength(1)
      expect(period.history.map((c) => c.kind)).toEqual(['open', 'extend', 'close'])
      expect(await namedVersions(a, docId)).toHaveLength(1)
    } finally {
      await a.close()
      await b.close()
      dirs.forEach((d) => removeDataDir(d))
      dropSchema(schema)
    }
  })
})
