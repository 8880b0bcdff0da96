import { describe, expect, it } from 'vitest'
import { serverSuite } from '../helpers/serverSuite.js'

describe('the HTTP API description', () => {
  const suite = serverSuite()

  it('serves OpenAPI 3.1 at /api/openapi.json, with every registered route in it', async () => {
    const res = await fetch(`${suite.server.url}/api/openapi.json`)
    expect(res.status).toBe(200)
    const spec = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { summary?: string }>> }
    expect(spec.openapi).toBe('3.1.0')
    const described = new Set(Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)))
    const missing = suite.server.routes.filter((r) => !described.has(r))
    expect(missing).toEqual([])
    expect(suite.server.routes.length).toBeGreaterThan(45)
    // Every operation says what it does.
    for (const ops of Object.values(spec.paths)) for (const op of Object.values(ops)) expect(op.summary).toEqual(expect.any(String))
  })

  it('describes request bodies from the same zod schemas the server validates with', async () => {
    const spec = await (await fetch(`${suite.server.url}/api/openapi.json`)).json()
    const login = spec.paths['/api/auth/login']?.post
    expect(login?.requestBody?.content?.['application/json']?.schema?.properties).toHaveProperty('email')
  })
})
