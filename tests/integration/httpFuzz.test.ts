import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { hostileRequest, sendRaw } from '../helpers/httpFuzz.js'
import { seeded } from '../helpers/crashTorture.js'
import { startChildServer } from '../helpers/childServer.js'
import { removeDataDir, tempDataDir } from '../helpers/testServer.js'

describe('hostile HTTP requests', () => {
  const suite = serverSuite()

  it('answers request targets that new URL() rejects with 400, anonymous or not', async () => {
    const { port } = suite.server
    for (const target of ['//[', '//[::1', 'http://[', '/api/documents/%E0%A4%A', '/collab/%']) {
      const status = await sendRaw(port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`))
      expect(status, target).toBe(400)
    }
    expect((await fetch(`${suite.server.url}/healthz`)).status).toBe(200)
  })

  it('answers 400 to a malformed %-escape in an API path instead of 500', async () => {
    const res = await fetch(`${suite.server.url}/api/documents/%E0%A4%A`, { headers: { authorization: `Bearer ${suite.server.people.swiss.token}` } })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBe('bad_request_target')
  })

  it('survives 2,000 fuzzed request lines and headers: every one gets an answer or a clean close, never a 500', async () => {
    const { port } = suite.server
    const rand = seeded(1305)
    const statuses = new Map<number, number>()
    const fivehundreds: string[] = []
    for (let start = 0; start < 2000; start += 25) {
      const batch = Array.from({ length: 25 }, (_, k) => hostileRequest(rand, start + k))
      const answers = await Promise.all(batch.map((r) => sendRaw(port, r.bytes)))
      answers.forEach((status, k) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status >= 500) fivehundreds.push(`${status} ${batch[k].kind}`)
      })
    }
    expect(fivehundreds).toEqual([])
    // Most requests are answered; only what Node's own parser refuses on a half-written request may simply close.
    expect([...statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(1000)
    const t = performance.now()
    expect((await fetch(`${suite.server.url}/healthz`)).status).toBe(200)
    expect(performance.now() - t).toBeLessThan(1000)
  })
})

describe('the process guard', () => {
  it('keeps a real server process (npm start) serving after hostile request targets', async () => {
    const dataDir = tempDataDir()
    const child = await startChildServer(dataDir)
    try {
      const port = Number(new URL(child.url).port)
      for (const target of ['//[', 'http://[', '//[::1']) await sendRaw(port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`))
      expect((await fetch(`${child.url}/healthz`)).status).toBe(200)
      expect(child.process.exitCode).toBeNull()
    } finally {
      child.process.kill('SIGKILL')
      await child.exited
      removeDataDir(dataDir)
    }
  })
})
