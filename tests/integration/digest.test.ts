import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, removeDataDir, type TestServer } from '../helpers/testServer.js'
import { startSmtpSink, partOf, headerOf, type SmtpSink } from '../helpers/smtpSink.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { anchorOn } from '../helpers/anchors.js'
import { api } from '../helpers/http.js'
import type { Cast } from '../helpers/people.js'

const PUBLIC_URL = 'https://plenary.example.org/wg'
const DAY = 24 * 3_600_000
const G = 'iom-un-relations'

describe('the daily e-mail digest', () => {
  let sink: SmtpSink
  let server: TestServer
  let client: YClient
  const as = (who: keyof Cast) => ({ token: server.people[who].token })
  const start = async (dataDir?: string) => startTestServer({ SMTP_URL: sink.url, PUBLIC_URL, DIGEST_HOUR: 7, ...(dataDir ? { DATA_DIR: dataDir } : {}) })
  const comment = async (who: keyof Cast, phrase: string, body: string) =>
    (await api(server.url, 'POST', `/api/documents/${server.docIds.dgResponse}/threads`, { as: as(who), body: { anchor: anchorOn(client.doc, phrase), body } })).json
  const reply = async (who: keyof Cast, threadId: string, body: string) => api(server.url, 'POST', `/api/threads/${threadId}/messages`, { as: as(who), body: { body } })
  const setDigest = async (who: keyof Cast, emailDigest: boolean) => api(server.url, 'PUT', '/api/me/preferences', { as: as(who), body: { emailDigest } })
  const mailsTo = (who: keyof Cast) => sink.messages.filter((m) => m.to.includes(server.people[who].email))
  const link = (threadId: string) => `${PUBLIC_URL}/#/d/${server.docIds.dgResponse}/t/${threadId}`

  beforeAll(async () => {
    sink = await startSmtpSink()
    server = await start()
    client = connectClient(server.wsUrl, server.docIds.dgResponse, { token: server.people.swiss.token })
    await client.synced
  })
  afterAll(async () => {
    client?.destroy()
    await server?.close()
    if (server) removeDataDir(server.dataDir)
    await sink?.close()
  })

  it('is off until each person turns it on for themselves', async () => {
    expect((await api(server.url, 'GET', '/api/me/preferences', { as: as('brazil') })).json).toEqual({ emailDigest: false, language: null, digestAvailable: true })
    expect((await setDigest('brazil', true)).json).toEqual({ emailDigest: true, language: null, digestAvailable: true })
    expect((await setDigest('swiss', true)).status).toBe(200)
    expect((await api(server.url, 'GET', '/api/me/preferences', { as: as('brazil') })).json.emailDigest).toBe(true)
    expect((await api(server.url, 'PUT', '/api/me/preferences', { as: as('brazil'), body: { emailDigest: 'yes' } })).status).toBe(400)
    expect((await api(server.url, 'PUT', '/api/me/preferences', { body: { emailDigest: true } })).status).toBe(401)
  })

  it('sends each opted-in person one e-mail of their unread notifications they may still see, with links to the threads, once a day', async () => {
    // Ana Brazil: a reply to her thread, a mention (with markup to escape), a mention the chair hides.
    const hers = await comment('brazil', 'UNDSS', 'Is this still accurate?')
    expect((await reply('swiss', hers.id, 'Yes, as of this year.')).status).toBe(201)
    const mention = await comment('swiss', 'IASC', '@Ana Brazil, see <b>this</b> & that')
    const hidden = await comment('swiss', 'UNJSPF', '@Ana Brazil, a remark the chair hides')
    expect((await api(server.url, 'POST', `/api/messages/${hidden.messages[0].id}/hide`, { as: as('chair'), body: { reason: 'Off topic' } })).status).toBe(200)
    // Elena Chair is mentioned too, but never asked for the digest.
    await comment('swiss', 'Global Migration Group', '@Elena Chair, for the agenda')
    // Pia Peru asked for it, was mentioned, then left the group: she may no longer see the thread.
    const pia = await server.accounts.createUser({ email: 'pia.digest@peru.example', name: 'Pia Peru' })
    await server.groups.setMembership({ groupId: G, userId: pia.id, role: 'member', delegation: 'Peru' })
    expect((await api(server.url, 'PUT', '/api/me/preferences', { as: { token: (await server.accounts.createToken(pia.id, 'tests')).token }, body: { emailDigest: true } })).status).toBe(200)
    await comment('swiss', 'Global Migration Group', '@Pia Peru, your view?')
    expect((await api(server.url, 'DELETE', `/api/groups/${G}/members/${pia.id}`, { as: as('chair') })).status).toBe(204)

    // The SMTP server refuses: logged, nothing recorded, the server goes on; the next check sends.
    sink.refuse = true
    try {
      expect(await server.digest.runNow()).toBe(0)
    } finally {
      sink.refuse = false
    }
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200)
    expect(await server.digest.runNow()).toBe(1)

    expect(mailsTo('chair')).toEqual([])
    expect(mailsTo('swiss')).toEqual([]) // opted in, nothing unread
    expect(sink.messages.filter((m) => m.to.includes('pia.digest@peru.example'))).toEqual([])
    const [mail] = mailsTo('brazil')
    expect(mail.to).toEqual([server.people.brazil.email])
    expect(headerOf(mail.raw, 'Subject')).toBe('Plenary: 2 unread notifications')
    const text = partOf(mail.raw, 'text/plain')
    expect(text).toContain('Lukas Swiss (Switzerland) replied to your comment')
    expect(text).toContain(link(hers.id))
    expect(text).toContain('Lukas Swiss (Switzerland) mentioned you')
    expect(text).toContain(link(mention.id))
    expect(text).not.toContain(hidden.id)
    expect(text).not.toContain('a remark the chair hides')
    expect(text).toMatch(/To turn it off, open Plenary \(https:\/\/plenary\.example\.org\/wg\/\), choose your name at the top and uncheck “Daily e-mail digest”/)
    const html = partOf(mail.raw, 'text/html')
    expect(html).toContain(`href="${link(mention.id)}"`)
    expect(html).toContain('see &#60;b&#62;this&#60;/b&#62; &#38; that')
    expect(html).not.toContain('<b>this</b>')

    // The same day: nothing more, even with something new, even after a restart.
    await reply('dg', hers.id, 'Confirmed by the Secretariat.')
    expect(await server.digest.runNow()).toBe(0)
    const { dataDir, people } = server
    client.destroy()
    await server.close()
    server = await start(dataDir)
    // The restarted test server made a second cast with the same names: keep the first one only.
    for (const p of Object.values(server.people)) await server.groups.removeMembership(G, p.user.id)
    server.people = people
    client = connectClient(server.wsUrl, server.docIds.dgResponse, { token: people.swiss.token })
    await client.synced
    expect(await server.digest.runNow()).toBe(0)
    expect(mailsTo('brazil')).toHaveLength(1)
  })

  it('sends a day missed at the next check, with only what came since the last digest and is still unread', async () => {
    const started = await comment('brazil', 'UNDSS', 'A second question')
    await reply('swiss', started.id, 'An answer she reads at once.')
    const notes = (await api(server.url, 'GET', '/api/notifications', { as: as('brazil') })).json.items
    const read = notes.find((n: { threadId: string }) => n.threadId === started.id)
    await api(server.url, 'POST', '/api/notifications/read', { as: as('brazil'), body: { ids: [read.id] } })

    expect(await server.digest.runNow(Date.now() + DAY)).toBe(1)
    const next = mailsTo('brazil')[1]
    expect(headerOf(next.raw, 'Subject')).toBe('Plenary: 1 unread notification')
    const text = partOf(next.raw, 'text/plain')
    expect(text).toContain('Karim DG (IOM Secretariat) replied to your comment')
    expect(text).not.toContain('mentioned you')
    expect(text).not.toContain(started.id)
  })

  it('stops for whoever turns it off', async () => {
    // Elena Chair has an unread mention and no digest yet.
    expect((await setDigest('chair', true)).status).toBe(200)
    expect((await setDigest('chair', false)).json.emailDigest).toBe(false)
    expect(await server.digest.runNow(Date.now() + 2 * DAY)).toBe(0)
    expect(mailsTo('chair')).toEqual([])
    await setDigest('chair', true)
    expect(await server.digest.runNow(Date.now() + 3 * DAY)).toBe(1)
    expect(partOf(mailsTo('chair')[0].raw, 'text/plain')).toContain('Lukas Swiss (Switzerland) mentioned you')
  })
})

describe('without SMTP', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
    if (server) removeDataDir(server.dataDir)
  })

  it('shows the digest as unavailable, refuses to turn it on and sends nothing', async () => {
    const brazil = { token: server.people.brazil.token }
    expect((await api(server.url, 'GET', '/api/me/preferences', { as: brazil })).json).toEqual({ emailDigest: false, language: null, digestAvailable: false })
    const res = await api(server.url, 'PUT', '/api/me/preferences', { as: brazil, body: { emailDigest: true } })
    expect(res.status).toBe(409)
    expect(res.json.error).toBe('digest_unavailable')
    expect(await server.digest.runNow()).toBe(0)
  })
})
