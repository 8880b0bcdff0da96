import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { writeElsewhere } from '../helpers/writeElsewhere.js'
import WebSocket from 'ws'
import type { TestServer } from '../helpers/testServer.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api, signIn } from '../helpers/http.js'
import { anchorOn } from '../helpers/anchors.js'
import { PASSWORD } from '../helpers/people.js'
import { hashSecret } from '../../server/auth/secrets.js'
import { SESSION_COOKIE } from '../../server/auth/Auth.js'
import { testDatabaseEnv } from '../helpers/testDatabase.js'

const run = promisify(execFile)
const G = 'iom-un-relations'
const PASSAGE = 'risks the marginalization of IOM'

/** A raw event stream (GET /api/events) that also tells when the server ended it. */
interface RawStream {
  raw: () => string
  /** Resolves when the server ends the stream; never rejects. */
  ended: Promise<void>
  isEnded: () => boolean
  close: () => void
}

async function openStream(baseUrl: string, headers: Record<string, string>): Promise<RawStream> {
  const controller = new AbortController()
  const res = await fetch(`${baseUrl}/api/events`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  if (res.status !== 200) throw new Error(`event stream refused: ${res.status}`)
  let raw = ''
  let done = false
  const decoder = new TextDecoder()
  const ended = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) raw += decoder.decode(chunk, { stream: true })
    } catch {
      // aborted or cut
    }
    done = true
  })()
  return { raw: () => raw, ended, isEnded: () => done, close: () => controller.abort() }
}

/** Resolves with how long the stream took to end, or rejects after `ms`. */
async function endsWithin(stream: RawStream, ms: number): Promise<number> {
  const started = Date.now()
  await Promise.race([stream.ended, new Promise((_, reject) => setTimeout(() => reject(new Error(`stream still open after ${ms} ms`)), ms))])
  return Date.now() - started
}

/** A y-websocket client of the chair on the DG response, whose copy gives the anchors of new comments. */
async function chairOn(server: TestServer): Promise<YClient> {
  const chair = connectClient(server.wsUrl, server.docIds.dgResponse, { token: server.people.chair.token })
  await chair.synced
  return chair
}

/** The chair comments on the passage; the stream of anyone in the group would carry the text. */
async function chairComments(server: TestServer, chair: YClient, text: string) {
  const res = await api(server.url, 'POST', `/api/documents/${server.docIds.dgResponse}/threads`, {
    as: { token: server.people.chair.token },
    body: { anchor: anchorOn(chair.doc, PASSAGE), body: text },
  })
  expect(res.status).toBe(201)
}

/** Runs `npm run admin -- …` against a DATA_DIR, as an operator would, from another process. */
async function admin(dataDir: string, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, ...testDatabaseEnv(dataDir) } })
}

describe('event streams are re-checked like websockets', () => {
  const suite = serverSuite({ ACCESS_RECHECK_MS: 100 })
  let server: TestServer
  let chair: YClient
  const streams: RawStream[] = []
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
  const open = async (headers: Record<string, string>) => {
    const s = await openStream(server.url, headers)
    streams.push(s)
    return s
  }
  const comment = (text: string) => chairComments(server, chair, text)
  /** Proves the stream is live: a comment reaches it. */
  const reaches = async (stream: RawStream, text: string) => {
    await comment(text)
    await waitFor(() => expect(stream.raw()).toContain(text))
  }
  /** After the stream ended, later comments must not reach it. */
  const neverReaches = async (stream: RawStream, text: string) => {
    await comment(text)
    await new Promise((r) => setTimeout(r, 150))
    expect(stream.raw()).not.toContain(text)
  }
  const newToken = (who: 'swiss' | 'brazil' | 'observer') => server.accounts.createToken(server.people[who].user.id, 'stream test')

  beforeAll(async () => {
    server = suite.server
    chair = await chairOn(server)
  })
  afterAll(() => {
    for (const s of streams) s.close()
    chair.destroy()
  })

  it('ends the stream of a session at sign-out, and later comments never reach it', async () => {
    const session = await signIn(server.url, server.people.swiss.email, PASSWORD)
    const stream = await open({ cookie: session.cookie! })
    await reaches(stream, 'Seen while signed in')
    expect((await api(server.url, 'POST', '/api/auth/logout', { as: session })).status).toBe(204)
    expect(await endsWithin(stream, 1000)).toBeLessThan(1000)
    await neverReaches(stream, 'Written after the sign-out')
    // The browser's reconnect is refused.
    expect((await fetch(`${server.url}/api/events`, { headers: { cookie: session.cookie! } })).status).toBe(401)
  })

  it('ends the stream of a token deleted with DELETE /api/tokens/:id', async () => {
    const { id, token } = await newToken('brazil')
    const stream = await open(bearer(token))
    await reaches(stream, 'Seen before the token is deleted')
    expect((await api(server.url, 'DELETE', `/api/tokens/${id}`, { as: { token: server.people.brazil.token } })).status).toBe(204)
    expect(await endsWithin(stream, 1000)).toBeLessThan(1000)
    await neverReaches(stream, 'Written after the token was deleted')
  })

  it('ends the stream of a token revoked by `npm run admin -- revoke-token` from another process', async () => {
    const { token } = await newToken('swiss')
    const stream = await open(bearer(token))
    await reaches(stream, 'Seen before the admin revokes')
    await admin(server.dataDir, 'revoke-token', '--token', token)
    expect(await endsWithin(stream, 1000)).toBeLessThan(1000)
    await neverReaches(stream, 'Written after the admin revoked')
  }, 30_000)

  it('ends the stream of a session deleted by another SQLite connection (another process), as for websockets', async () => {
    const session = await signIn(server.url, server.people.observer.email, PASSWORD)
    const stream = await open({ cookie: session.cookie! })
    // A websocket on the same session, for comparison.
    const ws = new WebSocket(`${server.wsUrl}/${server.docIds.dgResponse}`, { headers: { cookie: session.cookie! } })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await reaches(stream, 'Seen by the observer')
    const sessionId = decodeURIComponent(session.cookie!.slice(`${SESSION_COOKIE}=`.length))
    expect(writeElsewhere(server.dataDir, 'DELETE FROM sessions WHERE id_hash = ?', hashSecret(sessionId))).toBe(1)
    expect(await endsWithin(stream, 1000)).toBeLessThan(1000)
    expect(await wsClosed).toBe(4401)
    await neverReaches(stream, 'Written after the session was deleted elsewhere')
  })

  it('stops a stream whose session has expired', async () => {
    const { sessionId } = await server.accounts.createSession(server.people.brazil.user.id, 1500)
    const stream = await open({ cookie: `${SESSION_COOKIE}=${sessionId}` })
    await reaches(stream, 'Seen before the session expires')
    await new Promise((r) => setTimeout(r, 1600))
    await neverReaches(stream, 'Written after the session expired')
    await endsWithin(stream, 1000)
  })

  it('stops sending a group’s events to a member removed from it, and follows them when they are added back', async () => {
    const { token } = await newToken('observer')
    const observer = server.people.observer
    const stream = await open(bearer(token))
    await reaches(stream, 'Seen by the observer while a member')
    const removed = await api(server.url, 'DELETE', `/api/groups/${G}/members/${observer.user.id}`, { as: { token: server.people.chair.token } })
    expect(removed.status).toBe(204)
    await neverReaches(stream, 'Written after the observer was removed')
    const added = await api(server.url, 'POST', `/api/groups/${G}/members`, { as: { token: server.people.chair.token }, body: { email: observer.email, role: 'observer', delegation: observer.delegation } })
    expect(added.status).toBe(201)
    await waitFor(async () => expect((await api(server.url, 'GET', '/api/groups', { as: { token } })).json.some((g: { id: string }) => g.id === G)).toBe(true))
    await reaches(stream, 'Seen again once the observer is back')
  })

  describe('between periodic re-checks', () => {
    // The periodic re-check never comes round during this test: only the check before publishing can help.
    const quietSuite = serverSuite({ ACCESS_RECHECK_MS: 600_000 })
    let quietChair: YClient
    beforeAll(async () => {
      quietChair = await chairOn(quietSuite.server)
    })
    afterAll(() => quietChair.destroy())

    it('sends nothing more to a token another process revoked, even before the periodic re-check', async () => {
      const quiet = quietSuite.server
      const { id, token } = await quiet.accounts.createToken(quiet.people.swiss.user.id, 'stream test')
      const stream = await openStream(quiet.url, bearer(token))
      streams.push(stream)
      await chairComments(quiet, quietChair, 'Seen before the revocation')
      await waitFor(() => expect(stream.raw()).toContain('Seen before the revocation'))
      expect(writeElsewhere(quiet.dataDir, 'UPDATE access_tokens SET revoked_at = ? WHERE id = ?', Date.now(), id)).toBe(1)
      await chairComments(quiet, quietChair, 'Written right after the revocation')
      await endsWithin(stream, 1000)
      expect(stream.raw()).not.toContain('Written right after the revocation')
    })
  })
})
