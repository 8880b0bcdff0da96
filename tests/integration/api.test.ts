import http from 'node:http'
import fs from 'node:fs'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { EXAMPLE_GROUP_NAME } from '../../server/seed/seedExampleWorkspace.js'

describe('the JSON API', () => {
  const suite = serverSuite()
  /** A request as the chair, through a personal access token. */
  const call = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    fetch(`${suite.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${suite.server.people.chair.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })

  it('reports ready on /healthz', async () => {
    const res = await call('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', storage: 'ok' })
  })

  it('lists the example working group and its two documents', async () => {
    expect(await (await call('GET', '/api/groups')).json()).toMatchObject([{ id: 'iom-un-relations', name: EXAMPLE_GROUP_NAME, myRole: 'chair' }])
    const docs = await (await call('GET', '/api/documents')).json()
    expect(docs.map((d: { title: string }) => d.title)).toEqual(["Chairperson's Report", "Director General's Response"])
    for (const d of docs) expect(Object.keys(d).sort()).toEqual(['access', 'commentPeriod', 'createdAt', 'editRoles', 'groupId', 'id', 'language', 'mode', 'paper', 'timeZone', 'title', 'updatedAt'])
    expect(docs.map((d: { commentPeriod: unknown; timeZone: string; language: string }) => [d.commentPeriod, d.timeZone, d.language])).toEqual([[null, 'UTC', 'en'], [null, 'UTC', 'en']])
    expect(docs.map((d: { paper: unknown }) => d.paper)).toEqual([
      { symbol: '', distribution: '', date: '', session: '' },
      { symbol: '', distribution: 'English only', date: '2014-11-26', session: '105th Session' },
    ])
  })

  it("serves the Chairperson's report outline as numbered text", async () => {
    const res = await (await call('GET', `/api/documents/${suite.server.docIds.chairReport}/content`)).json()
    expect(res.text.split('\n')).toEqual([
      `Chairperson's Report on the ${EXAMPLE_GROUP_NAME}`,
      'Introduction',
      '1. [Mandate of the Working Group and the meetings held.]',
      'Findings',
      '2. [Findings of the Working Group.]',
      'Recommendations',
      '3. [Recommendations to the Council.]',
    ])
  })

  it('creates, renames and deletes a document', async () => {
    const created = await call('POST', '/api/documents', { title: '  Draft decision  ' })
    expect(created.status).toBe(201)
    const doc = await created.json()
    expect(doc).toMatchObject({ title: 'Draft decision', groupId: 'iom-un-relations' })
    const renamed = await call('PATCH', `/api/documents/${doc.id}`, { title: 'Draft decision (rev. 1)' })
    expect(renamed.status).toBe(200)
    expect((await renamed.json()).title).toBe('Draft decision (rev. 1)')
    expect((await (await call('GET', '/api/documents')).json()).map((d: { id: string }) => d.id)).toContain(doc.id)
    expect((await call('DELETE', `/api/documents/${doc.id}`)).status).toBe(204)
    expect((await (await call('GET', '/api/documents')).json()).map((d: { id: string }) => d.id)).not.toContain(doc.id)
    expect((await call('GET', `/api/documents/${doc.id}`)).status).toBe(404)
  })

  it('disconnects the editors of a deleted document with 4410, and refuses them afterwards with 4404', async () => {
    const doc = await (await call('POST', '/api/documents', { title: 'Short-lived' })).json()
    const c = connectClient(suite.server.wsUrl, doc.id, { token: suite.server.people.swiss.token })
    await c.synced
    const closed = new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
    await call('DELETE', `/api/documents/${doc.id}`)
    expect(await closed).toBe(CloseCodes.documentDeleted.code)
    const again = new Promise<number>((resolve) => c.provider.on('connection-close', (e) => resolve(e?.code ?? -1)))
    c.provider.connect()
    expect(await again).toBe(CloseCodes.documentNotFound.code)
    c.destroy()
  })

  it.each([
    ['invalid JSON', 'POST', '/api/documents', '{"title":', 400, 'invalid_json'],
    ['an empty title', 'POST', '/api/documents', { title: '   ' }, 400, 'invalid_request'],
    ['a title of the wrong type', 'POST', '/api/documents', { title: 42 }, 400, 'invalid_request'],
    ['a too long title', 'POST', '/api/documents', { title: 'x'.repeat(201) }, 400, 'invalid_request'],
    ['unknown fields', 'POST', '/api/documents', { title: 'ok', owner: 'me' }, 400, 'invalid_request'],
    ['an unknown group', 'POST', '/api/documents', { title: 'ok', groupId: 'nope' }, 404, 'group_not_found'],
    ['renaming an unknown document', 'PATCH', '/api/documents/unknown1', { title: 'x' }, 404, 'document_not_found'],
    ['deleting an unknown document', 'DELETE', '/api/documents/unknown1', undefined, 404, 'document_not_found'],
    ['an unknown API route', 'GET', '/api/nothing-here', undefined, 404, 'not_found'],
    ['a wrong method', 'PUT', '/api/documents', { title: 'x' }, 405, 'method_not_allowed'],
  ])('answers %s with a clear JSON error', async (_what, method, path, body, status, code) => {
    const before = (await (await call('GET', '/api/documents')).json()).length
    const res = await call(method as string, path as string, body)
    expect(res.status).toBe(status)
    const json = await res.json()
    expect(json.error).toBe(code)
    expect(json.message).toEqual(expect.any(String))
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts:\d+/)
    expect((await (await call('GET', '/api/documents')).json()).length).toBe(before)
  })

  it('refuses a body that is not JSON with 415 and an oversized body with 413', async () => {
    const form = await call('POST', '/api/documents', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(415)
    const big = await call('POST', '/api/documents', { title: 'x'.repeat(2 * 1024 * 1024) })
    expect(big.status).toBe(413)
    expect((await big.json()).error).toBe('payload_too_large')
  })

  it('never serves files outside the client folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/../../package.json']) {
      const res = await call('GET', path)
      const text = await res.text()
      expect(text).not.toContain('"name": "plenary"')
    }
  })

  it('sends the built client compressed as the browser accepts it (Brotli, then gzip), else as it is', async () => {
    const js = fs.readdirSync('dist/client/assets').find((f) => f.endsWith('.js'))!
    const original = fs.readFileSync(`dist/client/assets/${js}`)
    /** A raw GET (fetch would decode and hide the encoding). */
    const get = (path: string, acceptEncoding?: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get(`${suite.server.url}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
        }).on('error', reject)
      })
    const br = await get(`/assets/${js}`, 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary?.toLowerCase()).toBe('accept-encoding')
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(br.body.length).toBeLessThan(original.length / 3)
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true)
    const gz = await get(`/assets/${js}`, 'gzip;q=1.0, br;q=0')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true)
    const plain = await get(`/assets/${js}`)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(original)).toBe(true)
    // The page itself too (a client route falls back to index.html, compressed the same way).
    const page = await get('/some/client/route', 'br')
    expect(page.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(page.body).toString()).toContain('<div id="root"></div>')
  })

  it('sends security headers', async () => {
    const res = await call('GET', '/api/groups')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })
})
