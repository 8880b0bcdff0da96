import path from 'node:path'
import fs from 'node:fs'
import { ADDRESS_FILE } from '../../server/config.js'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import http from 'node:http'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import WebSocket from 'ws'
import { startTestServer, removeDataDir, type TestServer } from '../helpers/testServer.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { api, signIn } from '../helpers/http.js'
import { PASSWORD } from '../helpers/people.js'
import { RateLimiter } from '../../server/auth/RateLimiter.js'
import { redactPath } from '../../server/http/redactPath.js'
import { loadConfig } from '../../server/config.js'

const login = (url: string, email: string, password: string, headers: Record<string, string> = {}) =>
  api(url, 'POST', '/api/auth/login', { body: { email, password }, headers })

/** An HTTP request with headers fetch() will not send as given (Host). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: any; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(`${base}${path}`, { method, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(payload)
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

describe('sign-in limits hold under parallel attempts', () => {
  const suite = serverSuite({ LOGIN_MAX_FAILURES_PER_ACCOUNT: 5, LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 1000 })

  it('checks at most LOGIN_MAX_FAILURES_PER_ACCOUNT of 25 simultaneous attempts on one account; the rest get 429 with Retry-After', async () => {
    const { server } = suite
    const email = server.people.brazil.email
    const attempts = Array.from({ length: 25 }, (_, i) => login(server.url, email, i === 24 ? PASSWORD : `wrong password ${i}`))
    const answers = await Promise.all(attempts)
    const checked = answers.filter((a) => a.status === 401 || a.status === 200)
    const refused = answers.filter((a) => a.status === 429)
    expect(checked.length).toBeLessThanOrEqual(5)
    expect(checked.length + refused.length).toBe(25)
    for (const a of refused) expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('does not let a successful sign-in clear the failures before it', async () => {
    const { server } = suite
    const email = server.people.swiss.email
    for (let i = 0; i < 4; i++) expect((await login(server.url, email, `wrong ${i} password`)).status).toBe(401)
    expect((await login(server.url, email, PASSWORD)).status).toBe(200)
    expect((await login(server.url, email, 'wrong 5 password')).status).toBe(401)
    const blocked = await login(server.url, email, PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Other accounts are not affected.
    expect((await login(server.url, server.people.dg.email, PASSWORD)).status).toBe(200)
  })

  it('takes as long for an unknown email, or an account without a password, as for a wrong password', async () => {
    const { server } = suite
    const passwordless = await Promise.all([1, 2].map(async (n) => (await server.accounts.createUser({ email: `link.only${n}@test.example`, name: 'Link Only' })).email))
    const withPassword = [server.people.observer, server.people.outsider, server.people.chair, server.people.admin].map((p) => p.email)
    const time = async (email: string, password: string) => {
      const start = performance.now()
      const res = await login(server.url, email, password)
      expect(res.status).toBe(401)
      return performance.now() - start
    }
    await time('warm.up@test.example', 'whatever password')
    const wrong: number[] = []
    const unknown: number[] = []
    const noPassword: number[] = []
    // Interleaved, so a burst of load on the machine slows all three alike; each account stays under its limit.
    for (let i = 0; i < 7; i++) {
      wrong.push(await time(withPassword[i % 4], `not the password ${i}`))
      unknown.push(await time(`nobody${i}@test.example`, `not the password ${i}`))
      noPassword.push(await time(passwordless[i % 2], `not the password ${i}`))
    }
    expect(median(unknown)).toBeGreaterThanOrEqual(0.5 * median(wrong))
    expect(median(noPassword)).toBeGreaterThanOrEqual(0.5 * median(wrong))
  })
})

describe('the per-address limit behind a proxy', () => {
  it('counts the address the trusted proxy appended to X-Forwarded-For, and ignores the header otherwise', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: true, LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 2 })
    const from = (forwarded: string, i: number) => login(proxied.url, `nobody${i}@test.example`, 'some password', { 'x-forwarded-for': forwarded })
    expect((await from('203.0.113.1', 1)).status).toBe(401)
    expect((await from('203.0.113.1', 2)).status).toBe(401)
    expect((await from('203.0.113.1', 3)).status).toBe(429)
    // A client cannot pick its address: the proxy appends the real one last.
    expect((await from('198.51.100.7, 203.0.113.1', 4)).status).toBe(429)
    expect((await from('203.0.113.2', 5)).status).toBe(401)
    await proxied.close()
    removeDataDir(proxied.dataDir)

    const direct = await startTestServer({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 2 })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await login(direct.url, `nobody${i}@test.example`, 'some password', { 'x-forwarded-for': `203.0.113.${i}` })).status)
    expect(statuses).toEqual([401, 401, 429])
    await direct.close()
    removeDataDir(direct.dataDir)
  })

  it('keeps a sliding window: no fresh budget at the edge of a window', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    try {
      const limiter = new RateLimiter(2, 1000)
      limiter.hit('k')
      vi.advanceTimersByTime(900)
      limiter.hit('k')
      expect(limiter.retryAfter('k')).toBe(1)
      vi.advanceTimersByTime(101)
      expect(limiter.retryAfter('k')).toBe(0)
      limiter.hit('k')
      expect(limiter.retryAfter('k')).toBeGreaterThan(0)
      // Giving an attempt back withdraws that one only.
      const giveBack = limiter.hit('other')
      limiter.hit('other')
      giveBack()
      giveBack()
      expect(limiter.retryAfter('other')).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('invitations accepted at the same moment', () => {
  const suite = serverSuite({ LOG_LEVEL: 'debug' })
  let logged = ''
  beforeAll(() => {
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged += String(chunk)
      return true
    })
  })
  afterAll(() => vi.restoreAllMocks())

  const invite = async (server: TestServer, delegation: string) => {
    const res = await api(server.url, 'POST', '/api/groups/iom-un-relations/invitations', { as: { token: server.people.chair.token }, body: { role: 'member', delegation } })
    expect(res.status).toBe(201)
    return res.json.token as string
  }
  const accept = (server: TestServer, token: string, email: string) =>
    api(server.url, 'POST', `/api/invitations/${token}/accept`, { body: { name: 'Pia Peru', email, password: 'a long enough password' } })

  it('answers two accepts with the same email 201 and 409 email_taken, never 500, and logs no invitation token', async () => {
    const { server } = suite
    const tokens: string[] = []
    for (let round = 0; round < 3; round++) {
      const [a, b] = [await invite(server, 'Peru'), await invite(server, 'Chile')]
      tokens.push(a, b)
      const answers = await Promise.all([accept(server, a, `same${round}@peru.example`), accept(server, b, `SAME${round}@peru.example`)])
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409])
      expect(answers.find((r) => r.status === 409)!.json.error).toBe('email_taken')
      // The refused invitation is still usable by someone else.
      const unused = answers[0].status === 409 ? a : b
      expect((await api(server.url, 'GET', `/api/invitations/${unused}`)).json.usable).toBe(true)
    }
    expect(await server.accounts.userByEmail('same0@peru.example')).toBeDefined()
    for (const token of tokens) expect(logged).not.toContain(token)
  })

  it('answers two accepts of one invitation 201 and 410, never 500', async () => {
    const { server } = suite
    const token = await invite(server, 'Bolivia')
    const answers = await Promise.all([accept(server, token, 'first@bolivia.example'), accept(server, token, 'second@bolivia.example')])
    expect(answers.map((r) => r.status).sort()).toEqual([201, 410])
    // Only one account was created.
    expect([await server.accounts.userByEmail('first@bolivia.example'), await server.accounts.userByEmail('second@bolivia.example')].filter(Boolean)).toHaveLength(1)
    expect(logged).not.toContain(token)
  })

  it('logs a failing request on an invitation path without its token', async () => {
    const { server } = suite
    const token = await invite(server, 'Ecuador')
    const original = server.invitations.invitation.bind(server.invitations)
    server.invitations.invitation = () => {
      throw new Error('storage exploded')
    }
    try {
      expect((await api(server.url, 'GET', `/api/invitations/${token}`)).status).toBe(500)
    } finally {
      server.invitations.invitation = original
    }
    expect(logged).toContain('storage exploded')
    expect(logged).toContain('/api/invitations/[redacted]')
    expect(logged).not.toContain(token)
  })

  it('redacts invitation tokens and anything shaped like a Plenary secret from paths', () => {
    expect(redactPath('/api/invitations/inv_abc-DEF_123/accept')).toBe('/api/invitations/[redacted]/accept')
    expect(redactPath('/api/invitations/anything')).toBe('/api/invitations/[redacted]')
    expect(redactPath('/api/whatever/plt_secret/x')).toBe('/api/whatever/[redacted]/x')
    expect(redactPath('/api/documents/abc123/threads')).toBe('/api/documents/abc123/threads')
  })
})

describe('the ceiling per address on the public link routes', () => {
  const suite = serverSuite({})

  it('answers past 60 requests a minute from one address with 429 too_many_requests and Retry-After, per route', async () => {
    const { server } = suite
    const statuses: number[] = []
    let last = await api(server.url, 'GET', '/api/invitations/inv_unknown')
    for (let i = 0; i < 61; i++) statuses.push((last = await api(server.url, 'GET', '/api/invitations/inv_unknown')).status)
    expect(statuses.slice(0, 59).every((s) => s === 404)).toBe(true)
    expect(last.status).toBe(429)
    expect(last.json.error).toBe('too_many_requests')
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await api(server.url, 'POST', '/api/auth/link', { body: { token: 'lnk_unknown_link' } })).status).toBe(401)
  })
})

describe('cookies of other applications', () => {
  const suite = serverSuite({})

  it('ignores cookies that are not ours or do not decode, instead of failing every request', async () => {
    const { server } = suite
    const session = await signIn(server.url, server.people.chair.email, PASSWORD)
    const ours = session.cookie!
    for (const header of [
      `tracking=50%off; ${ours}`,
      `${ours}; tracking=50%off`,
      `a=%E0%A4%A; ${ours}; b=%`,
      `=nameless; ;;; novalue; ${ours}`,
      `__proto__=x; constructor=y; ${ours}`,
      `plenary_session=%zz; ${ours}`,
    ]) {
      const me = await api(server.url, 'GET', '/api/me', { as: { cookie: header } })
      expect(me.status, header).toBe(200)
      expect(me.json.user.email).toBe(server.people.chair.email)
      // A write with the same cookie header and the CSRF token goes through too.
      expect((await api(server.url, 'POST', '/api/tokens', { as: { cookie: header, csrf: session.csrf }, body: { name: 'cookie check' } })).status, header).toBe(201)
    }
    for (const header of ['tracking=50%off', 'plenary_session=%E0%A4%A', 'plenary_session', '%=%; =']) {
      expect((await api(server.url, 'GET', '/api/me', { as: { cookie: header } })).status, header).toBe(401)
    }
  })

  it('opens a cookie websocket despite a cookie that does not decode', async () => {
    const { server } = suite
    const session = await signIn(server.url, server.people.swiss.email, PASSWORD)
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.wsUrl}/${server.docIds.dgResponse}`, { headers: { cookie: `tracking=50%off; ${session.cookie}`, origin: server.url } })
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => (ws.close(), resolve(101)))
      ws.on('error', () => resolve(-1))
    })
    expect(status).toBe(101)
  })
})

describe('links are built on PUBLIC_URL, never on the Host header', () => {
  const PUBLIC = 'https://plenary.example.org/wg'
  const suite = serverSuite({ PUBLIC_URL: PUBLIC })

  it('gives invitation links on PUBLIC_URL to a request with a forged Host header', async () => {
    const { server } = suite
    const res = await rawRequest(server.url, 'POST', '/api/groups/iom-un-relations/invitations', { host: 'evil.example', authorization: `Bearer ${server.people.chair.token}` }, { role: 'member', delegation: 'Peru' })
    expect(res.status).toBe(201)
    expect(res.json.url).toBe(`${PUBLIC}/#/invite/${res.json.token}`)
  })

  it('uses the server’s own address when PUBLIC_URL is not set, whatever the Host header says', async () => {
    const plain = await startTestServer()
    const res = await rawRequest(plain.url, 'POST', '/api/groups/iom-un-relations/invitations', { host: 'evil.example', authorization: `Bearer ${plain.people.chair.token}` }, { role: 'member', delegation: 'Peru' })
    expect(res.json.url).toBe(`${plain.url}/#/invite/${res.json.token}`)
    expect(plain.exampleSignInLinks[0].url.startsWith(`${plain.url}/#/signin/lnk_`)).toBe(true)
    await plain.close()
    removeDataDir(plain.dataDir)
  })

  it('builds the example sign-in links on PUBLIC_URL', () => {
    const { server } = suite
    expect(server.exampleSignInLinks.length).toBeGreaterThan(0)
    for (const link of server.exampleSignInLinks) expect(link.url).toMatch(/^https:\/\/plenary\.example\.org\/wg\/#\/signin\/lnk_[\w-]+$/)
  })

  it('accepts cookie writes from the PUBLIC_URL origin behind a proxy that changes Host, and marks cookies Secure', async () => {
    const { server } = suite
    const res = await rawRequest(server.url, 'POST', '/api/auth/login', { host: '127.0.0.1:1' }, { email: server.people.chair.email, password: PASSWORD })
    expect(res.status).toBe(200)
    const cookie = String(res.headers['set-cookie']).split(';')[0]
    expect(String(res.headers['set-cookie'])).toContain('Secure')
    const write = (origin: string) => rawRequest(server.url, 'POST', '/api/tokens', { host: 'internal:3000', cookie, origin, 'x-csrf-token': res.json.csrfToken }, { name: 'proxied' })
    expect((await write('https://plenary.example.org')).status).toBe(201)
    expect((await write('https://evil.example')).status).toBe(403)
    expect((await write('http://plenary.example.org')).status).toBe(403)
  })

  it('validates PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://plenary.example.org/' }).PUBLIC_URL).toBe('https://plenary.example.org')
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080/plenary/' }).PUBLIC_URL).toBe('http://10.0.0.5:8080/plenary')
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined()
    for (const bad of ['plenary.example.org', 'javascript:alert(1)', 'ftp://plenary.example.org', 'https://u:p@plenary.example.org', 'https://plenary.example.org/?x=1']) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/)
    }
  })

  describe('npm run admin -- sign-in-link', () => {
    const run = promisify(execFile)
    const admin = async (env: Record<string, string>, ...args: string[]) => {
      try {
        const { PUBLIC_URL: _u, PORT: _p, HOST: _h, ...inherited } = process.env
        const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', ...args], { env: { ...inherited, DATA_DIR: suite.server.dataDir, ...env } })
        return { code: 0, stdout, stderr }
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string }
        return { code: err.code, stdout: err.stdout, stderr: err.stderr }
      }
    }

    it('prints links on PUBLIC_URL, else on the address of the server running on DATA_DIR, else on HOST and PORT', async () => {
      const email = suite.server.people.observer.email
      expect((await admin({ PUBLIC_URL: 'https://plenary.example.org/wg/' }, 'sign-in-link', '--email', email)).stdout).toMatch(/^https:\/\/plenary\.example\.org\/wg\/#\/signin\/lnk_[\w-]+\n$/)
      // The test server listens on a port of its own choosing (PORT=0): the command line uses that one.
      expect((await admin({ PORT: '4321' }, 'sign-in-link', '--email', email)).stdout.startsWith(`${suite.server.url}/#/signin/lnk_`)).toBe(true)
      fs.rmSync(path.join(suite.server.dataDir, ADDRESS_FILE))
      expect((await admin({ PORT: '4321' }, 'sign-in-link', '--email', email)).stdout).toMatch(/^http:\/\/127\.0\.0\.1:4321\/#\/signin\/lnk_/)
      expect((await admin({ PORT: '4321', HOST: '0.0.0.0' }, 'sign-in-link', '--email', email)).stdout).toMatch(/^http:\/\/localhost:4321\/#\/signin\/lnk_/)
      const created = await admin({ PUBLIC_URL: 'https://plenary.example.org' }, 'create-user', '--email', 'cli.link@test.example', '--name', 'Cli Link', '--role', 'observer')
      expect(created.stdout).toMatch(/sign-in link: https:\/\/plenary\.example\.org\/#\/signin\/lnk_/)
    })

    it('refuses a PUBLIC_URL or --url that is not an http(s) address', async () => {
      const email = suite.server.people.observer.email
      const badEnv = await admin({ PUBLIC_URL: 'plenary.example.org' }, 'sign-in-link', '--email', email)
      expect(badEnv.code).not.toBe(0)
      expect(badEnv.stderr).toContain('PUBLIC_URL')
      const badFlag = await admin({}, 'sign-in-link', '--email', email, '--url', 'javascript:alert(1)')
      expect(badFlag.code).toBe(2)
      expect(badFlag.stderr).toContain('--url')
      // An existing email is refused with a message, not a database error.
      const taken = await admin({}, 'create-user', '--email', email.toUpperCase(), '--name', 'Again', '--role', 'observer')
      expect(taken.code).toBe(1)
      expect(taken.stderr).toContain('exists')
    })
  })
})
