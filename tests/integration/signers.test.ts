import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { openEvents, type EventStream } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'
import { docOf, li, ol, p, yDocOf } from '../helpers/amendmentDocs.js'
import { after, propose } from '../helpers/proposing.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalList } from '../../shared/amendments/types.js'
import type { SignerView } from '../../shared/signers/types.js'
import { delegationsOf, signersLine } from '../../shared/signers/delegationsOf.js'

type Who = keyof Cast | 'chile' | 'chile2' | 'norway' | 'france' | 'germany'
const EXTRA: Array<[Exclude<Who, keyof Cast>, string, string]> = [
  ['chile', 'Carmen Chile', 'Chile'],
  ['chile2', 'Diego Chile', 'Chile'],
  ['norway', 'Nils Norway', 'Norway'],
  ['france', 'Fanny France', 'France'],
  ['germany', 'Greta Germany', 'Germany'],
]

describe('joint positions: co-signers of comments and proposals', () => {
  const suite = serverSuite()
  const tokens = new Map<Who, string>()
  const ids = new Map<Who, string>()
  const clients: YClient[] = []
  const streams: EventStream[] = []
  let docId: string
  let yDoc: Y.Doc

  const token = (who: Who) => tokens.get(who) ?? suite.server.people[who as keyof Cast].token
  const call = (who: Who, method: string, path: string, body?: unknown) => api(suite.server.url, method, path, { as: { token: token(who) }, body })
  const thread = async (who: Who, id: string): Promise<ThreadView> => (await call(who, 'GET', `/api/documents/${docId}/threads`)).json.threads.find((t: ThreadView) => t.id === id)
  /** A new thread by this person on a passage of the DG's response. */
  const comment = async (who: Who, body = 'We ask the DG to elaborate.'): Promise<ThreadView> => {
    const res = await call(who, 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(yDoc, 'risks the marginalization of IOM'), body })
    expect(res.status).toBe(201)
    return res.json
  }
  const invite = (who: Who, targetId: string, signer: { delegation?: string; delegationGroupId?: string }, targetType = 'thread', doc = docId) =>
    call(who, 'POST', `/api/documents/${doc}/signers`, { targetType, targetId, ...signer })
  const answer = (who: Who, signerId: string, answer: 'confirm' | 'decline', doc = docId) => call(who, 'POST', `/api/documents/${doc}/signers/${signerId}/answer`, { answer })
  const signerOf = (view: { signers?: SignerView[] }, name: string) => view.signers!.find((s) => s.name === name)!

  beforeAll(async () => {
    const { accounts, groups } = suite.server
    for (const [who, name, delegation] of EXTRA) {
      const user = await accounts.createUser({ email: `${who}@signers.test`, name })
      await groups.setMembership({ groupId: EXAMPLE_GROUP_ID, userId: user.id, role: 'member', delegation })
      tokens.set(who, (await accounts.createToken(user.id, 'tests')).token)
      ids.set(who, user.id)
    }
    docId = suite.server.docIds.dgResponse
    const client = connectClient(suite.server.wsUrl, docId, { token: token('brazil') })
    clients.push(client)
    await client.synced
    yDoc = client.doc
  })
  afterAll(() => {
    for (const s of streams) s.close()
    for (const c of clients) c.destroy()
  })

  it('shows “Brazil, Chile and Norway” once both invited delegations confirmed, and who is awaited until then', async () => {
    const t = await comment('brazil', 'A joint position on the marginalization of IOM.')
    expect(t.signers).toEqual([])
    const chile = await invite('brazil', t.id, { delegation: 'Chile' })
    expect(chile.status).toBe(201)
    expect(signerOf(chile.json, 'Chile')).toMatchObject({ kind: 'delegation', state: 'invited', delegations: ['Chile'], invitedBy: { name: 'Ana Brazil' }, mayWithdraw: true, mayAnswer: false })
    await invite('brazil', t.id, { delegation: 'Norway' })
    let seen = await thread('chile', t.id)
    expect(signerOf(seen, 'Chile').mayAnswer).toBe(true)
    expect(signerOf(seen, 'Norway').mayAnswer).toBe(false)
    expect(signersLine(seen, 'en')).toEqual({ names: 'Brazil', awaiting: 'Chile and Norway' })
    expect(delegationsOf(seen)).toEqual(['Brazil'])

    const confirmed = await answer('chile', signerOf(seen, 'Chile').id, 'confirm')
    expect(confirmed.status).toBe(200)
    expect(signerOf(confirmed.json, 'Chile')).toMatchObject({ state: 'confirmed', answeredBy: { name: 'Carmen Chile', delegation: 'Chile' }, mayAnswer: false })
    expect(signersLine(confirmed.json, 'en')).toEqual({ names: 'Brazil and Chile', awaiting: 'Norway' })
    expect((await answer('norway', signerOf(seen, 'Norway').id, 'confirm')).status).toBe(200)

    seen = await thread('swiss', t.id)
    expect(signersLine(seen, 'en-US')).toEqual({ names: 'Brazil, Chile and Norway', awaiting: null })
    expect(signersLine(seen, 'fr')).toEqual({ names: 'Brazil, Chile et Norway', awaiting: null })
    expect(delegationsOf(seen)).toEqual(['Brazil', 'Chile', 'Norway'])
    // The comments matrix names the joint position as its signers.
    const csv = await (await fetch(`${suite.server.url}/api/documents/${docId}/comments.csv`, { headers: { authorization: `Bearer ${suite.server.people.swiss.token}` } })).text()
    expect(csv.split('\r\n').find((row) => row.includes('A joint position on the marginalization of IOM.'))).toContain('"Brazil, Chile and Norway"')
  })

  it('lets any member of the invited delegation answer, once; a declined invitation shows as declined and can be withdrawn and sent again', async () => {
    const t = await comment('brazil')
    const invited = signerOf((await invite('brazil', t.id, { delegation: 'Chile' })).json, 'Chile')
    const declined = await answer('chile2', invited.id, 'decline')
    expect(signerOf(declined.json, 'Chile')).toMatchObject({ state: 'declined', answeredBy: { name: 'Diego Chile' } })
    expect((await call('brazil', 'GET', '/api/notifications')).json.items[0]).toMatchObject({ kind: 'cosignDeclined', threadId: t.id, actor: { name: 'Diego Chile' } })
    expect(delegationsOf(declined.json)).toEqual(['Brazil'])
    expect((await answer('chile', invited.id, 'confirm')).json).toMatchObject({ error: 'already_answered' })
    expect((await invite('brazil', t.id, { delegation: 'Chile' })).status).toBe(409)
    const withdrawn = await call('brazil', 'DELETE', `/api/documents/${docId}/signers/${invited.id}`)
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.json.signers).toEqual([])
    expect((await invite('brazil', t.id, { delegation: 'Chile' })).status).toBe(201)
  })

  it('refuses what the rules refuse: other roles and delegations, one’s own delegation, duplicates, unknown delegations, other documents', async () => {
    const t = await comment('brazil')
    const s = signerOf((await invite('brazil', t.id, { delegation: 'Chile' })).json, 'Chile')
    // Only the author's delegation invites; an observer, the chair, the DG office and another delegation may not.
    for (const who of ['swiss', 'observer', 'chair', 'dg', 'chile'] as const) expect((await invite(who, t.id, { delegation: 'Norway' })).status, who).toBe(403)
    expect((await invite('outsider', t.id, { delegation: 'Norway' })).status).toBe(404) // not in the group: the thread does not exist for them
    // Nobody answers for another delegation, nor withdraws another delegation's invitation.
    for (const who of ['norway', 'swiss', 'brazil', 'observer', 'chair'] as const) expect((await answer(who, s.id, 'confirm')).status, who).toBe(403)
    expect((await call('chile', 'DELETE', `/api/documents/${docId}/signers/${s.id}`)).status).toBe(403)
    expect((await invite('brazil', t.id, { delegation: 'Brazil' })).json).toMatchObject({ error: 'own_delegation' })
    expect((await invite('brazil', t.id, { delegation: 'Brazil' })).status).toBe(400)
    expect((await invite('brazil', t.id, { delegation: 'Chile' })).json).toMatchObject({ error: 'already_invited' })
    expect((await invite('brazil', t.id, { delegation: 'Atlantis' })).json).toMatchObject({ error: 'unknown_delegation' })
    expect((await invite('brazil', t.id, { delegation: 'UNHCR' })).status).toBe(400) // the observer's: not a member delegation
    expect((await invite('brazil', t.id, {})).status).toBe(400)
    expect((await invite('brazil', t.id, { delegation: 'Chile', delegationGroupId: 'x' })).status).toBe(400)
    expect((await call('brazil', 'POST', `/api/documents/${docId}/signers`, { targetType: 'message', targetId: t.id, delegation: 'Chile' })).status).toBe(400)
    // The thread and the signature belong to this document: through another one they do not exist.
    const other = suite.server.docIds.chairReport
    expect((await invite('brazil', t.id, { delegation: 'Norway' }, 'thread', other)).json).toMatchObject({ error: 'thread_not_found' })
    expect((await answer('chile', s.id, 'confirm', other)).status).toBe(404)
    expect((await invite('brazil', 'no-such-thread', { delegation: 'Norway' })).status).toBe(404)
    expect((await answer('chile', 'no-such-signer', 'confirm')).status).toBe(404)
    // A colleague of the author's delegation may invite and withdraw for it.
    expect((await thread('swiss', t.id)).signers).toHaveLength(1)
  })

  it('notifies the invited delegation’s members with a link to the thread, and updates open streams live', async () => {
    const norwayStream = await openEvents(suite.server.url, token('norway'))
    const swissStream = await openEvents(suite.server.url, token('swiss'))
    streams.push(norwayStream, swissStream)
    const t = await comment('brazil', 'Joint text on the DG’s budget.')
    await invite('brazil', t.id, { delegation: 'Norway' })
    await waitFor(() => expect(norwayStream.events.some((e) => e.event === 'notification' && e.data.kind === 'cosign' && e.data.threadId === t.id)).toBe(true))
    const list = (await call('norway', 'GET', '/api/notifications')).json
    expect(list.items[0]).toMatchObject({ kind: 'cosign', threadId: t.id, targetType: 'document', targetId: docId, actor: { name: 'Ana Brazil' }, excerpt: 'Joint text on the DG’s budget.', read: false })
    // Only Norway's members are told.
    expect((await call('chile', 'GET', '/api/notifications')).json.items.some((n: { threadId: string }) => n.threadId === t.id)).toBe(false)
    const id = (await thread('norway', t.id)).signers![0].id
    await answer('norway', id, 'confirm')
    await waitFor(() => {
      const last = swissStream.events.filter((e) => e.event === 'thread' && e.data.id === t.id).at(-1)
      expect(last?.data.signers).toMatchObject([{ name: 'Norway', state: 'confirmed' }])
    })
    // The author is told of the answer; the one who answered is not.
    const told = (await call('brazil', 'GET', '/api/notifications')).json.items.find((n: { threadId: string }) => n.threadId === t.id)
    expect(told).toMatchObject({ kind: 'cosignConfirmed', actor: { name: 'Nils Norway', delegation: 'Norway' } })
    expect((await call('norway', 'GET', '/api/notifications')).json.items.filter((n: { threadId: string }) => n.threadId === t.id).map((n: { kind: string }) => n.kind)).toEqual(['cosign'])
  })

  it('lets the chair define delegation groups that sign under their name, answered by their coordinator', async () => {
    const body = { name: 'EU and its Member States', delegations: ['France', 'Germany', 'Norway'], coordinator: 'Germany' }
    expect((await call('brazil', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, body)).status).toBe(403)
    expect((await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, { ...body, coordinator: 'Chile' })).status).toBe(400)
    expect((await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, { ...body, delegations: ['France'] })).status).toBe(400)
    // Only the working group's member delegations, and a name as people read it (no invisible characters).
    expect((await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, { ...body, delegations: ['Atlantis', 'Germany'] })).json).toMatchObject({ error: 'unknown_delegation' })
    expect((await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, { ...body, name: 'EU\u200b' })).status).toBe(400)
    const created = await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, body)
    expect(created.status).toBe(201)
    const group = created.json
    expect((await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, body)).json).toMatchObject({ error: 'delegation_group_name_taken' })
    const renamed = await call('chair', 'PUT', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups/${group.id}`, { ...body, delegations: ['France', 'Germany'], name: 'EU' })
    expect(renamed.json).toMatchObject({ id: group.id, name: 'EU', delegations: ['France', 'Germany'], coordinator: 'Germany' })
    // Everyone in the group sees the delegations and groups they can sign with.
    const options = (await call('observer', 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/delegations`)).json
    expect(options.delegations).toEqual(expect.arrayContaining(['Brazil', 'Chile', 'France', 'Germany', 'Norway', 'Switzerland']))
    expect(options.delegations).not.toContain('UNHCR')
    expect(options.groups).toMatchObject([{ id: group.id, name: 'EU' }])

    const t = await comment('brazil')
    const invited = await invite('brazil', t.id, { delegationGroupId: group.id })
    expect(signerOf(invited.json, 'EU')).toMatchObject({ kind: 'group', delegationGroupId: group.id, delegations: ['France', 'Germany'], state: 'invited' })
    const s = signerOf(invited.json, 'EU')
    expect((await invite('brazil', t.id, { delegationGroupId: group.id })).status).toBe(409)
    expect((await invite('brazil', t.id, { delegationGroupId: 'nope' })).status).toBe(404)
    // France belongs to the group but does not answer for it: Germany, its coordinator, does.
    expect((await answer('france', s.id, 'confirm')).status).toBe(403)
    expect(signerOf(await thread('germany', t.id), 'EU').mayAnswer).toBe(true)
    const confirmed = await answer('germany', s.id, 'confirm')
    expect(signersLine(confirmed.json, 'en').names).toBe('Brazil and EU')
    expect(delegationsOf(confirmed.json)).toEqual(['Brazil', 'France', 'Germany'])
    // A group that signs cannot be deleted; once its signature is withdrawn it can.
    expect((await call('chair', 'DELETE', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups/${group.id}`)).json).toMatchObject({ error: 'delegation_group_signs' })
    await call('brazil', 'DELETE', `/api/documents/${docId}/signers/${s.id}`)
    expect((await call('chair', 'DELETE', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups/${group.id}`)).status).toBe(204)
    expect((await call('chair', 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/delegations`)).json.groups).toEqual([])

    // A group the author's own delegation coordinates would confirm its own invitation: refused like one's own delegation.
    const coordinated = (await call('chair', 'POST', `/api/groups/${EXAMPLE_GROUP_ID}/delegation-groups`, { name: 'Mercosur', delegations: ['Brazil', 'Chile'], coordinator: 'Brazil' })).json
    expect((await invite('brazil', t.id, { delegationGroupId: coordinated.id })).json).toMatchObject({ error: 'own_delegation' })
  })

  it('co-signs an open proposal, shown in the proposals list', async () => {
    const id = newDocumentId()
    const { ydoc } = yDocOf(docOf(ol(li(p('The Working Group met six times.')))))
    await suite.server.storage.createDocument({ id, groupId: EXAMPLE_GROUP_ID, title: `Draft ${id}`, initialUpdate: Y.encodeStateAsUpdate(ydoc) })
    expect((await call('chair', 'PUT', `/api/documents/${id}/mode`, { mode: 'amendments' })).status).toBe(200)
    const client = connectClient(suite.server.wsUrl, id, { token: token('brazil') })
    clients.push(client)
    await client.synced
    propose(client.doc, { authorId: suite.server.people.brazil.user.id, delegation: 'Brazil' }, (s) => s.tr.insertText(' in Geneva', after(s.doc, 'met six times')))
    const list = async (who: Who) => (await call(who, 'GET', `/api/documents/${id}/proposals`)).json as ProposalList
    await waitFor(async () => expect((await list('brazil')).proposals).toHaveLength(1))
    const proposalId = (await list('brazil')).proposals[0].id
    expect((await invite('swiss', proposalId, { delegation: 'Chile' }, 'proposal', id)).status).toBe(403)
    const invited = await invite('brazil', proposalId, { delegation: 'Chile' }, 'proposal', id)
    expect(invited.status).toBe(201)
    expect(invited.json).toMatchObject({ id: proposalId, delegation: 'Brazil', signers: [{ name: 'Chile', state: 'invited' }] })
    const signer = invited.json.signers[0]
    // The same proposal is not a proposal of the DG's response.
    expect((await answer('chile', signer.id, 'confirm')).status).toBe(404)
    expect((await answer('chile', signer.id, 'confirm', id)).status).toBe(200)
    const seen = (await list('norway')).proposals[0]
    expect(signersLine(seen, 'en').names).toBe('Brazil and Chile')
    expect(delegationsOf(seen)).toEqual(['Brazil', 'Chile'])
  })
})
