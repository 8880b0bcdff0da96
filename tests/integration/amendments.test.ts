import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { strFromU8, unzipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { rawSocket, type YClient } from '../helpers/yClient.js'
import { castClients } from '../helpers/castClients.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import type { Cast } from '../helpers/people.js'
import { docOf, ol, li, p, showProposals, yDocOf } from '../helpers/amendmentDocs.js'
import { after, editDirectly, pmIn, propose } from '../helpers/proposing.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import { MessageType } from '../../shared/protocol/messages.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import type { ProposalList } from '../../shared/amendments/types.js'

type Who = keyof Cast

describe('amendments: delegations propose, the chair decides', () => {
  const suite = serverSuite()
  const { call, join } = castClients(suite)
  const author = (who: Who) => ({ authorId: suite.server.people[who].user.id, delegation: suite.server.people[who].delegation })
  const list = async (who: Who, docId: string) => (await call(who, 'GET', `/api/documents/${docId}/proposals`)).json as ProposalList
  const text = (client: YClient) => showProposals(pmIn(client.doc))

  /** A new document with two numbered paragraphs, in amendments mode unless said otherwise. */
  async function draft(mode: 'open' | 'amendments' = 'amendments'): Promise<string> {
    const id = newDocumentId()
    const { ydoc } = yDocOf(docOf(ol(li(p('The Working Group met six times.')), li(p('Members welcomed the report.')))))
    await suite.server.storage.createDocument({ id, groupId: EXAMPLE_GROUP_ID, title: `Draft ${id}`, initialUpdate: Y.encodeStateAsUpdate(ydoc) })
    if (mode === 'amendments') expect((await call('chair', 'PUT', `/api/documents/${id}/mode`, { mode })).json.mode).toBe('amendments')
    return id
  }

  it('lets only the chair set the mode, and shows it on the document', async () => {
    const docId = await draft('open')
    for (const who of ['swiss', 'dg', 'observer', 'outsider'] as const) expect((await call(who, 'PUT', `/api/documents/${docId}/mode`, { mode: 'amendments' })).status).toBe(403)
    expect((await call('chair', 'PUT', `/api/documents/${docId}/mode`, { mode: 'closed' })).status).toBe(400)
    expect((await call('chair', 'PUT', `/api/documents/${docId}/mode`, { mode: 'amendments' })).status).toBe(200)
    const seen = (await call('swiss', 'GET', `/api/documents/${docId}`)).json
    expect(seen.mode).toBe('amendments')
    expect(seen.access.capabilities['document.editAgreed']).toBe(false)
    expect((await call('chair', 'GET', `/api/documents/${docId}`)).json.access.capabilities['document.editAgreed']).toBe(true)
  })

  it('refuses a member’s direct edit in amendments mode (permission-denied, the document intact) but takes their proposal', async () => {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const chair = await join('chair', docId)
    const denied: string[] = []
    swiss.provider.on('connection-error', () => {})
    ;(swiss.provider as unknown as { ws: { addEventListener(t: string, f: (e: { data: ArrayBuffer }) => void): void } }).ws.addEventListener('message', (e) => {
      const decoder = decoding.createDecoder(new Uint8Array(e.data))
      if (decoding.readVarUint(decoder) === MessageType.auth) denied.push(String(e.data.byteLength))
    })
    editDirectly(swiss.doc, (s) => s.tr.insertText(' at its headquarters', after(s.doc, 'met six times')))
    await waitFor(() => expect(denied.length).toBeGreaterThan(0))
    expect(text(chair)).toBe('The Working Group met six times.\nMembers welcomed the report.')
    // A proposal from a fresh copy of the document goes through and reaches everyone.
    const fresh = await join('swiss', docId)
    propose(fresh.doc, author('swiss'), (s) => s.tr.insertText(' in Geneva', after(s.doc, 'met six times')))
    await waitFor(() => expect(text(chair)).toBe('The Working Group met six times[+ in Geneva].\nMembers welcomed the report.'))
    const listed = await list('brazil', docId)
    expect(listed.mode).toBe('amendments')
    expect(listed.proposals).toMatchObject([{ state: 'open', inserted: ' in Geneva', delegation: 'Switzerland', paraRef: '1', author: { name: 'Lukas Swiss' } }])
  })

  it('refuses the same forged edit from a hand-made y-websocket client, and a proposal in another delegation’s name', async () => {
    const docId = await draft()
    const chair = await join('chair', docId)
    const ws = rawSocket(`${suite.server.wsUrl}/${docId}`, suite.server.people.swiss.token)
    const auth: number[] = []
    const closed = new Promise<number>((resolve) => ws.once('close', resolve))
    ws.on('message', (d: Buffer) => {
      if (decoding.readVarUint(decoding.createDecoder(new Uint8Array(d))) === MessageType.auth) auth.push(1)
    })
    await new Promise((r) => ws.once('open', r))
    /** An update made on a copy of the chair's document, as a hand-made client would send it. */
    const forge = (change: (copy: Y.Doc) => void) => {
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc))
      const vector = Y.encodeStateVector(copy)
      change(copy)
      ws.send(syncUpdate(Y.encodeStateAsUpdate(copy, vector)))
    }
    forge((copy) => editDirectly(copy, (s) => s.tr.delete(after(s.doc, 'The Working Group'), after(s.doc, 'met six times'))))
    await waitFor(() => expect(auth.length).toBe(1))
    expect(text(chair)).toBe('The Working Group met six times.\nMembers welcomed the report.')
    // A change of structure (the second numbered paragraph removed) is judged on the whole document: refused too.
    forge((copy) => editDirectly(copy, (s) => s.tr.delete(after(s.doc, 'six times.') + 2, s.doc.content.size - 2)))
    await waitFor(() => expect(auth.length).toBe(2))
    expect(text(chair)).toBe('The Working Group met six times.\nMembers welcomed the report.')
    // A proposal claiming to be Brazil's, sent by Switzerland: refused outright.
    forge((copy) => propose(copy, author('brazil'), (s) => s.tr.insertText(' (Brazil insists)', after(s.doc, 'the report'))))
    expect(await closed).toBe(CloseCodes.schemaViolation.code)
    expect(text(chair)).toBe('The Working Group met six times.\nMembers welcomed the report.')
  })

  it('refuses, in open mode too, a proposal in the sender’s name but another delegation’s, and takes one in their own', async () => {
    const docId = await draft('open')
    const chair = await join('chair', docId)
    const swiss = await join('swiss', docId)
    // The sender's own name with Brazil's delegation: a joint position Brazil never agreed to would follow.
    const ws = rawSocket(`${suite.server.wsUrl}/${docId}`, suite.server.people.swiss.token)
    const closed = new Promise<number>((resolve) => ws.once('close', resolve))
    await new Promise((r) => ws.once('open', r))
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(chair.doc))
    const vector = Y.encodeStateVector(copy)
    propose(copy, { authorId: suite.server.people.swiss.user.id, delegation: 'Brazil' }, (s) => s.tr.insertText(' (Brazil agrees)', after(s.doc, 'the report')))
    ws.send(syncUpdate(Y.encodeStateAsUpdate(copy, vector)))
    expect(await closed).toBe(CloseCodes.schemaViolation.code)
    expect(text(chair)).toBe('The Working Group met six times.\nMembers welcomed the report.')
    // Their own delegation's proposal is taken.
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' (Swiss text)', after(s.doc, 'the report')))
    await waitFor(async () => expect((await list('chair', docId)).proposals.map((p) => p.delegation)).toEqual(['Switzerland']))
  })

  it('keeps two delegations’ proposals on the same sentence separate, lets a third support one, and the author withdraw theirs', async () => {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const brazil = await join('brazil', docId)
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' warmly', after(s.doc, 'Members')))
    propose(brazil.doc, author('brazil'), (s) => s.tr.delete(after(s.doc, 'welcomed the') - ' the'.length, after(s.doc, 'welcomed the')))
    await waitFor(() => expect(text(swiss)).toBe(text(brazil)))
    await waitFor(async () => expect((await list('chair', docId)).proposals.map((x) => x.delegation).sort()).toEqual(['Brazil', 'Switzerland']))
    expect(text(swiss)).toBe('The Working Group met six times.\nMembers[+ warmly] welcomed[- the] report.')
    // In the record: Word shows them as tracked changes by delegation; the comments table lists them.
    const word = await fetch(`${suite.server.url}/api/documents/${docId}/export.docx`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })
    const xml = strFromU8(unzipSync(new Uint8Array(await word.arrayBuffer()))['word/document.xml'])
    expect(xml).toMatch(/<w:ins [^>]*w:author="Switzerland"[^>]*>[\s\S]*?warmly/)
    expect(xml).toMatch(/<w:del [^>]*w:author="Brazil"[^>]*>[\s\S]*?<w:delText[^>]*> the<\/w:delText>/)
    const clean = await fetch(`${suite.server.url}/api/documents/${docId}/export.docx?proposals=clean`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })
    expect(strFromU8(unzipSync(new Uint8Array(await clean.arrayBuffer()))['word/document.xml'])).not.toMatch(/<w:(ins|del) /)
    const csv = await (await fetch(`${suite.server.url}/api/documents/${docId}/comments.csv`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })).text()
    expect(csv).toContain('Insert:  warmly')
    expect(csv).toContain('Delete:  the')
    const [warmly] = (await list('chair', docId)).proposals.filter((x) => x.delegation === 'Switzerland')
    expect((await call('swiss', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/support`)).status).toBe(409)
    expect((await call('observer', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/support`)).status).toBe(403)
    const supported = await call('brazil', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/support`)
    expect(supported.status).toBe(200)
    expect(supported.json).toMatchObject({ supportedByMe: true, supporters: [{ delegation: 'Brazil' }] })
    expect((await list('chair', docId)).proposals.find((x) => x.id === warmly.id)!.supporters.map((s) => s.delegation)).toEqual(['Brazil'])
    // Support can be taken back, once.
    expect((await call('brazil', 'DELETE', `/api/documents/${docId}/proposals/${warmly.id}/support`)).json).toMatchObject({ supportedByMe: false, supporters: [] })
    expect((await call('brazil', 'DELETE', `/api/documents/${docId}/proposals/${warmly.id}/support`)).status).toBe(409)
    expect((await call('brazil', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/support`)).status).toBe(200)
    // Only its author withdraws it; it leaves the text for everyone.
    expect((await call('brazil', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/withdraw`)).status).toBe(403)
    expect((await call('swiss', 'POST', `/api/documents/${docId}/proposals/${warmly.id}/withdraw`)).json.state).toBe('withdrawn')
    await waitFor(() => expect(text(brazil)).toBe('The Working Group met six times.\nMembers welcomed[- the] report.'))
  })

  it('lets the chair accept and reject, alone or several at once, with a reason; every client converges and the log keeps the text', async () => {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const brazil = await join('brazil', docId)
    const observer = await join('observer', docId)
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' in Geneva', after(s.doc, 'met six times')))
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' warmly', after(s.doc, 'Members')))
    propose(brazil.doc, author('brazil'), (s) => s.tr.delete(after(s.doc, 'The Working Group') - ' Group'.length, after(s.doc, 'The Working Group')))
    await waitFor(async () => expect((await list('chair', docId)).proposals).toHaveLength(3))
    const open = (await list('chair', docId)).proposals
    const before = (await call('chair', 'POST', `/api/documents/${docId}/versions`, { name: 'Before the decisions' })).json
    const swissIds = open.filter((x) => x.delegation === 'Switzerland').map((x) => x.id)
    const brazilId = open.find((x) => x.delegation === 'Brazil')!.id
    expect((await call('swiss', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: swissIds, decision: 'accept' })).status).toBe(403)
    const accepted = await call('chair', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: swissIds, decision: 'accept', reason: 'Agreed in the informal' })
    expect(accepted.status).toBe(200)
    expect(accepted.json.decided.map((x: { state: string }) => x.state)).toEqual(['accepted', 'accepted'])
    const rejected = await call('chair', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: [brazilId], decision: 'reject', reason: 'No consensus' })
    expect(rejected.json.decided[0]).toMatchObject({ state: 'rejected', reason: 'No consensus', decidedBy: { name: 'Elena Chair' }, deleted: ' Group' })
    const agreed = 'The Working Group met six times in Geneva.\nMembers warmly welcomed the report.'
    for (const c of [swiss, brazil, observer]) await waitFor(() => expect(text(c)).toBe(agreed))
    // Deciding again: the proposal is no longer open.
    expect((await call('chair', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: [brazilId], decision: 'accept' })).status).toBe(404)
    const final = await list('observer', docId)
    expect(final.proposals.map((x) => x.state).sort()).toEqual(['accepted', 'accepted', 'rejected'])
    // Version comparison shows the decisions made since.
    const compared = (await call('swiss', 'GET', `/api/documents/${docId}/compare?from=${before.id}&to=now`)).json
    expect(compared.decisions.map((d: { state: string; inserted: string; deleted: string }) => `${d.state} ${d.inserted || d.deleted}`).sort()).toEqual(['accepted  in Geneva', 'accepted  warmly', 'rejected  Group'])
    // A restore from version history undoes the decisions: the proposals are back in the text, open.
    expect((await call('chair', 'POST', `/api/documents/${docId}/versions/${before.id}/restore`)).status).toBe(200)
    await waitFor(() => expect(text(observer)).toBe('The Working[- Group] met six times[+ in Geneva].\nMembers[+ warmly] welcomed the report.'))
    expect((await list('chair', docId)).proposals.filter((x) => x.state === 'open')).toHaveLength(3)
    const log = (await call('chair', 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/moderation/log`)).json as Array<{ action: string; targetType: string; before: string; reason: string }>
    expect(log.filter((e) => e.targetType === 'proposal').map((e) => [e.action, e.before, e.reason])).toEqual(
      expect.arrayContaining([
        ['accept proposal', 'Switzerland, para 1: insert “ in Geneva”', 'Agreed in the informal'],
        ['reject proposal', 'Brazil, para 1: delete “ Group”', 'No consensus'],
      ]),
    )
  })

  it('gives one decision and one 404 when two decisions on the same proposal arrive at once, never text and record apart', async () => {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const observer = await join('observer', docId)
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' again', after(s.doc, 'the report')))
    await waitFor(async () => expect((await list('chair', docId)).proposals).toHaveLength(1))
    const [proposal] = (await list('chair', docId)).proposals
    const both = await Promise.all(['accept', 'reject'].map((decision) => call('chair', 'POST', `/api/documents/${docId}/proposals/decide`, { ids: [proposal.id], decision })))
    expect(both.map((r) => r.status).sort()).toEqual([200, 404])
    const winner = both.find((r) => r.status === 200)!.json.decided[0].state
    const expected = winner === 'accepted' ? 'Members welcomed the report again.' : 'Members welcomed the report.'
    await waitFor(() => expect(text(observer)).toBe(`The Working Group met six times.\n${expected}`))
    expect((await list('chair', docId)).proposals.map((x) => x.state)).toEqual([winner])
  })

  it('merges proposals made offline on reconnect, and follows the paragraph references when the document is renumbered', async () => {
    const docId = await draft()
    const chair = await join('chair', docId)
    const swiss = await join('swiss', docId)
    swiss.provider.disconnect()
    propose(swiss.doc, author('swiss'), (s) => s.tr.insertText(' again', after(s.doc, 'welcomed the report')))
    // Meanwhile the chair adds a paragraph above: the proposal's paragraph becomes 3.
    editDirectly(chair.doc, (s) => s.tr.insert(1, s.schema.nodes.listItem.create(null, s.schema.nodes.paragraph.create(null, s.schema.text('A new first paragraph.')))))
    await waitFor(async () => expect(text(await join('brazil', docId))).toContain('A new first paragraph.'))
    swiss.provider.connect()
    await waitFor(() => expect(text(chair)).toContain('welcomed the report[+ again]'))
    const [proposal] = (await list('chair', docId)).proposals
    expect(proposal).toMatchObject({ inserted: ' again', paraRef: '3', state: 'open' })
  })
})

/** A y-websocket sync update message. */
function syncUpdate(update: Uint8Array): Uint8Array {
  return new Uint8Array([MessageType.sync, 2, ...varUint(update.byteLength), ...update])
}

function varUint(n: number): number[] {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return out
}
