import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import WebSocket from 'ws'
import { startTestServer, removeDataDir } from '../helpers/testServer.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { api, signIn } from '../helpers/http.js'
import { PASSWORD } from '../helpers/people.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { hashSecret } from '../../server/auth/secrets.js'
import { testDatabaseEnv } from '../helpers/testDatabase.js'

const run = promisify(execFile)

/** Runs `npm run admin -- …` against a DATA_DIR, as an operator would. */
async function admin(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, ...testDatabaseEnv(dataDir) } })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

describe('accounts and sessions', () => {
  const suite = serverSuite({ ACCESS_RECHECK_MS: 100, LOGIN_MAX_FAILURES_PER_ACCOUNT: 3, LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 1000 })

  it('signs in with email and password into an httpOnly, SameSite session cookie', async () => {
    const { server } = suite
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.people.swiss.email.toUpperCase(), password: PASSWORD }),
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^plenary_session=pls_/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Secure')
    const body = await res.json()
    expect(body.memberships).toEqual([{ groupId: 'iom-un-relations', groupName: expect.any(String), role: 'member', delegation: 'Switzerland' }])
    expect(body.csrfToken).toMatch(/^csrf_/)
  })

  it('marks the cookie Secure behind an HTTPS proxy when TRUST_PROXY is set', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: true })
    const res = await fetch(`${proxied.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: proxied.people.swiss.email, password: PASSWORD }),
    })
    expect(res.headers.get('set-cookie')).toContain('Secure')
    await proxied.close()
    removeDataDir(proxied.dataDir)
  })

  it('refuses a wrong password with 401, and then rate-limits the account with 429', async () => {
    const { server } = suite
    const email = server.people.brazil.email
    for (let i = 0; i < 3; i++) expect((await api(server.url, 'POST', '/api/auth/login', { body: { email, password: 'wrong password!' } })).status).toBe(401)
    const blocked = await api(server.url, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Other accounts are not affected.
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: server.people.dg.email, password: PASSWORD } })).status).toBe(200)
  })

  it('rate-limits sign-in attempts per address', async () => {
    const strict = await startTestServer({ LOGIN_MAX_ATTEMPTS_PER_ADDRESS: 4 })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await api(strict.url, 'POST', '/api/auth/login', { body: { email: `nobody${i}@x.example`, password: 'whatever you like' } })).status)
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429])
    await strict.close()
    removeDataDir(strict.dataDir)
  })

  it('accepts the session cookie for reads, and for writes only with the CSRF token from the same origin', async () => {
    const { server } = suite
    const session = await signIn(server.url, server.people.chair.email, PASSWORD)
    expect((await api(server.url, 'GET', '/api/me', { as: { cookie: session.cookie } })).status).toBe(200)
    const body = { title: 'CSRF check' }
    const noToken = await api(server.url, 'POST', '/api/documents', { as: { cookie: session.cookie }, body })
    expect(noToken.status).toBe(403)
    expect(noToken.json.error).toBe('csrf_failed')
    expect((await api(server.url, 'POST', '/api/documents', { as: { cookie: session.cookie, csrf: 'csrf_wrong' }, body })).status).toBe(403)
    expect((await api(server.url, 'POST', '/api/documents', { as: session, body, headers: { origin: 'https://evil.example' } })).status).toBe(403)
    expect((await api(server.url, 'POST', '/api/documents', { as: session, body, headers: { origin: server.url } })).status).toBe(201)
    // Bearer tokens are not sent by browsers on their own, so they need no CSRF token.
    expect((await api(server.url, 'POST', '/api/documents', { as: { token: server.people.chair.token }, body })).status).toBe(201)
  })

  it('refuses a cookie websocket from another origin (cross-site websocket hijacking)', async () => {
    const { server } = suite
    const session = await signIn(server.url, server.people.swiss.email, PASSWORD)
    const status = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.wsUrl}/${server.docIds.dgResponse}`, { headers: { cookie: session.cookie!, origin } })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('open', () => (ws.close(), resolve(101)))
        ws.on('error', () => undefined)
      })
    expect(await status('https://evil.example')).toBe(403)
    expect(await status(server.url)).toBe(101)
  })

  it('revokes the session on sign-out, and refuses forged and expired sessions', async () => {
    const { server } = suite
    const session = await signIn(server.url, server.people.dg.email, PASSWORD)
    expect((await api(server.url, 'POST', '/api/auth/logout', { as: session })).status).toBe(204)
    expect((await api(server.url, 'GET', '/api/me', { as: { cookie: session.cookie } })).status).toBe(401)
    expect((await api(server.url, 'GET', '/api/me', { as: { cookie: 'plenary_session=pls_madeup' } })).status).toBe(401)
    const expired = await server.accounts.createSession(server.people.dg.user.id, -1000)
    expect((await api(server.url, 'GET', '/api/me', { as: { cookie: `plenary_session=${expired.sessionId}` } })).status).toBe(401)
  })

  it('stores sessions, tokens and links only as hashes', async () => {
    const { server } = suite
    const { token } = await server.accounts.createToken(server.people.swiss.user.id, 'hash check')
    const rows = server.sqlite.db.prepare('SELECT token_hash FROM access_tokens').all() as Array<{ token_hash: string }>
    expect(rows.map((r) => r.token_hash)).toContain(hashSecret(token))
    expect(JSON.stringify(server.sqlite.db.prepare('SELECT * FROM access_tokens').all())).not.toContain(token)
  })

  it('invites a delegate with a single-use link that expires', async () => {
    const { server } = suite
    const created = await api(server.url, 'POST', '/api/groups/iom-un-relations/invitations', { as: { token: server.people.chair.token }, body: { role: 'member', delegation: 'Chile' } })
    expect(created.status).toBe(201)
    const token = created.json.token
    expect((await api(server.url, 'GET', `/api/invitations/${token}`)).json).toMatchObject({ role: 'member', delegation: 'Chile', usable: true })
    const accept = (email: string) => api(server.url, 'POST', `/api/invitations/${token}/accept`, { body: { name: 'Carla Chile', email, password: 'long enough password' } })
    const first = await accept('carla@chile.example')
    expect(first.status).toBe(201)
    expect(first.json.memberships[0]).toMatchObject({ role: 'member', delegation: 'Chile' })
    expect((await accept('other@chile.example')).status).toBe(410)
    expect((await api(server.url, 'GET', `/api/invitations/${token}`)).json.usable).toBe(false)

    const old = await server.invitations.createInvitation({ groupId: 'iom-un-relations', role: 'observer', delegation: '', createdBy: server.people.chair.user.id, ttlMs: -1 })
    expect((await api(server.url, 'POST', `/api/invitations/${old.token}/accept`, { body: { name: 'Late', email: 'late@x.example', password: 'long enough password' } })).status).toBe(410)
    expect((await api(server.url, 'POST', '/api/invitations/inv_unknown/accept', { body: { name: 'X', email: 'x@x.example', password: 'long enough password' } })).status).toBe(404)
    expect((await api(server.url, 'POST', `/api/invitations/${token}/accept`, { body: { name: 'X', email: 'bad', password: 'short' } })).status).toBe(400)
  })

  it('signs in once with a one-time link', async () => {
    const { server } = suite
    const link = await server.accounts.createSignInLink(server.people.observer.user.id, 60_000)
    const first = await api(server.url, 'POST', '/api/auth/link', { body: { token: link } })
    expect(first.status).toBe(200)
    expect(first.json.user.name).toBe('Mei Observer')
    expect((await api(server.url, 'POST', '/api/auth/link', { body: { token: link } })).status).toBe(401)
  })

  it('creates and revokes personal access tokens for the HTTP API', async () => {
    const { server } = suite
    const created = await api(server.url, 'POST', '/api/tokens', { as: { token: server.people.swiss.token }, body: { name: 'integration' } })
    expect(created.status).toBe(201)
    expect((await api(server.url, 'GET', '/api/me', { as: { token: created.json.token } })).status).toBe(200)
    // Someone else cannot revoke it.
    expect((await api(server.url, 'DELETE', `/api/tokens/${created.json.id}`, { as: { token: server.people.brazil.token } })).status).toBe(404)
    expect((await api(server.url, 'DELETE', `/api/tokens/${created.json.id}`, { as: { token: server.people.swiss.token } })).status).toBe(204)
    expect((await api(server.url, 'GET', '/api/me', { as: { token: created.json.token } })).status).toBe(401)
  })

  describe('the admin command line, on the DATA_DIR of the running server', () => {
    it('prints help', async () => {
      const { server } = suite
      const res = await admin(server.dataDir, '--help')
      expect(res.code).toBe(0)
      expect(res.stdout).toContain('create-user --email E --name N --role R')
    })

    it('creates a user with a password, and a token printed alone on stdout', async () => {
      const { server } = suite
      const created = await admin(server.dataDir, 'create-user', '--email', 'new.chair@x.example', '--name', 'New Chair', '--role', 'observer', '--delegation', 'Kenya', '--password', 'a password long enough')
      expect(created.code).toBe(0)
      const tok = await admin(server.dataDir, 'create-token', '--email', 'new.chair@x.example')
      expect(tok.code).toBe(0)
      expect(tok.stdout).toMatch(/^plt_[\w-]+\n$/)
      const me = await api(server.url, 'GET', '/api/me', { as: { token: tok.stdout.trim() } })
      expect(me.json.memberships[0]).toMatchObject({ role: 'observer', delegation: 'Kenya' })
      expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: 'new.chair@x.example', password: 'a password long enough' } })).status).toBe(200)
      const revoked = await admin(server.dataDir, 'revoke-token', '--token', tok.stdout.trim())
      expect(revoked.code).toBe(0)
      expect((await api(server.url, 'GET', '/api/me', { as: { token: tok.stdout.trim() } })).status).toBe(401)
    })

    it('changes a role while the server runs, and open connections get the new rights within a second', async () => {
      const { server } = suite
      const c = connectClient(server.wsUrl, server.docIds.chairReport, { token: server.people.swiss.token })
      await c.synced
      const closed = new Promise<number>((resolve) => c.provider.once('connection-close', (e) => resolve(e?.code ?? -1)))
      const res = await admin(server.dataDir, 'set-role', '--email', server.people.swiss.email, '--role', 'observer')
      expect(res.code).toBe(0)
      const before = Date.now()
      expect(await closed).toBe(CloseCodes.permissionsChanged.code)
      expect(Date.now() - before).toBeLessThan(1000)
      c.destroy()
      const me = await api(server.url, 'GET', `/api/documents/${server.docIds.chairReport}`, { as: { token: server.people.swiss.token } })
      expect(me.json.access).toMatchObject({ role: 'observer', canEdit: false })
      await admin(server.dataDir, 'set-role', '--email', server.people.swiss.email, '--role', 'member')
    })

    it('resets a password from standard input and signs the user out everywhere', async () => {
      const { server } = suite
      const session = await signIn(server.url, server.people.dg.email, PASSWORD)
      const res = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = execFile(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', 'reset-password', '--email', server.people.dg.email, '--password-stdin'], { env: { ...process.env, DATA_DIR: server.dataDir, ...testDatabaseEnv(server.dataDir) } }, (err, stdout) =>
          resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stdout }),
        )
        child.stdin!.end('a brand new password\n')
      })
      expect(res.code).toBe(0)
      expect((await api(server.url, 'GET', '/api/me', { as: { cookie: session.cookie } })).status).toBe(401)
      expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: server.people.dg.email, password: 'a brand new password' } })).status).toBe(200)
      const link = await admin(server.dataDir, 'sign-in-link', '--email', server.people.dg.email, '--url', 'https://plenary.example')
      expect(link.stdout).toMatch(/^https:\/\/plenary\.example\/#\/signin\/lnk_[\w-]+\n$/)
    })

    it('answers mistakes with a message and a non-zero exit code', async () => {
      const { server } = suite
      expect((await admin(server.dataDir, 'set-role', '--email', 'nobody@x.example', '--role', 'member')).code).toBe(1)
      expect((await admin(server.dataDir, 'set-role', '--email', server.people.swiss.email, '--role', 'emperor')).code).toBe(2)
      expect((await admin(server.dataDir, 'frobnicate')).stderr).toContain('unknown command')
      expect((await admin(server.dataDir, 'create-user', '--email', 'x@y.example')).stderr).toContain('needs --role')
    })
  })

  it('creates example accounts with one-time sign-in links on a fresh database, and none in production', async () => {
    const fresh = await startTestServer()
    expect(fresh.exampleSignInLinks.map((l) => l.role)).toEqual(['chair', 'member', 'member', 'dg-office', 'observer'])
    const token = fresh.exampleSignInLinks[0].url.split('/#/signin/')[1]
    const signedIn = await api(fresh.url, 'POST', '/api/auth/link', { body: { token } })
    expect(signedIn.json.memberships[0]).toMatchObject({ role: 'chair', delegation: 'Italy' })
    await fresh.close()
    const restarted = await startTestServer({ DATA_DIR: fresh.dataDir })
    expect(restarted.exampleSignInLinks).toEqual([])
    await restarted.close()
    removeDataDir(fresh.dataDir)

    const { createServer } = await import('../../server/createServer.js')
    const { loadConfig } = await import('../../server/config.js')
    const { tempDataDir } = await import('../helpers/testServer.js')
    const prod = await createServer(loadConfig({ NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: tempDataDir() }))
    expect(prod.exampleSignInLinks).toEqual([])
    expect(await prod.groups.listGroups()).toEqual([])
    expect(await prod.accounts.userCount()).toBe(0)
    await prod.close()
  })

  it('shows each person their role and capabilities', async () => {
    const { server } = suite
    const groups = await api(server.url, 'GET', '/api/groups', { as: { token: server.people.observer.token } })
    expect(groups.json[0]).toMatchObject({ myRole: 'observer', myDelegation: 'UNHCR' })
    expect(groups.json[0].capabilities).toMatchObject({ 'document.read': true, 'comment.create': false, 'group.manageMembers': false })
    await api(server.url, 'PATCH', '/api/groups/iom-un-relations', { as: { token: server.people.chair.token }, body: { observersMayComment: true } })
    const after = await api(server.url, 'GET', '/api/groups', { as: { token: server.people.observer.token } })
    expect(after.json[0].capabilities['comment.create']).toBe(true)
  })
})
