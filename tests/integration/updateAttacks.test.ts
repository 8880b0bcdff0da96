import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'
import { serverSuite } from '../helpers/serverSuite.js'
import { removeDataDir, startTestServer } from '../helpers/testServer.js'
import { connectClient, rawSocket } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { changeOf, deletedAfter, deletions, gc, groups, orphanStruct, stringAfter, stringInRoot, valueBefore } from '../helpers/hostileUpdates.js'
import { bodyText, typeText } from '../helpers/bodyText.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { MessageType } from '../../shared/protocol/messages.js'
import { applyStoredContent } from '../../server/documents/applyStoredContent.js'
import { MAX_PENDING_BYTES } from '../../server/transport/applyEditorUpdate.js'

const syncUpdate = (update: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

/** A raw socket that has been accepted (its first frames are the server's sync step 1). */
async function openSocket(url: string, token: string): Promise<WebSocket & { closed: Promise<number> }> {
  const ws = rawSocket(url, token) as WebSocket & { closed: Promise<number> }
  ws.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)))
  await new Promise((r) => ws.once('open', r))
  return ws
}

describe('updates that cannot integrate never reach anyone else', () => {
  const suite = serverSuite()
  const newDocument = async (title: string): Promise<string> => {
    const res = await fetch(`${suite.server.url}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.server.people.chair.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title }),
    })
    return ((await res.json()) as { id: string }).id
  }

  it('keeps a struct whose clock 0 never came out of the document, its storage, its owners and every newcomer', async () => {
    const { server } = suite
    const docId = await newDocument('Pending struct')
    const writer = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    await writer.synced
    typeText(writer.doc, 0, 'Agreed text.')
    const attacker = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    const ghost = 987_654_321
    attacker.send(syncUpdate(orphanStruct(ghost)))
    // Something from the same connection that integrates, so we know the orphan was handled before it.
    const room = server.rooms.peek(docId)!
    await waitFor(() => expect(bodyText(room.doc)).toBe('Agreed text.'))
    attacker.send(syncUpdate(changeOf(room.doc, (d) => typeText(d, 0, 'Swiss: '))))
    await waitFor(() => expect(bodyText(room.doc)).toBe('Swiss: Agreed text.'))
    await server.rooms.flush()

    expect(room.doc.store.pendingStructs).toBeNull()
    expect(Y.getState(room.doc.store, ghost)).toBe(0)
    expect((await server.storage.clientOwners(docId)).has(ghost)).toBe(false)
    const stored = new Y.Doc()
    expect(applyStoredContent(stored, await server.storage.loadContent(docId))).toBe(false)
    const newcomer = connectClient(server.wsUrl, docId, { token: server.people.chair.token })
    await newcomer.synced
    expect(newcomer.doc.store.pendingStructs).toBeNull()
    expect(bodyText(newcomer.doc)).toBe('Swiss: Agreed text.')
    // The newcomer's own edits are accepted: nothing it was sent claims another author.
    typeText(newcomer.doc, 0, 'Chair: ')
    await waitFor(() => expect(bodyText(writer.doc)).toBe('Chair: Swiss: Agreed text.'))
    expect(newcomer.provider.wsconnected).toBe(true)
    for (const c of [writer, newcomer]) c.destroy()
    attacker.close()
  })

  it('does not let anyone claim a client id first: pending content claims nothing, and a cursor reserves its id', async () => {
    const { server } = suite
    const docId = await newDocument('Claims')
    const victim = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    await victim.synced
    victim.provider.awareness.setLocalStateField('cursor', null)
    const room = server.rooms.peek(docId)!
    await waitFor(() => expect(room.awarenessUsers.get(victim.doc.clientID)).toBe(server.people.brazil.user.id))

    // 1. A pending struct under the victim's id (read from awareness) claims nothing.
    const pendingAttack = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    pendingAttack.send(syncUpdate(orphanStruct(victim.doc.clientID)))
    // 2. Content under the victim's id that would integrate is refused: the id is the victim's.
    const directAttack = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    directAttack.send(syncUpdate(changeOf(room.doc, (d) => typeText(d, 0, 'Not Brazil'), victim.doc.clientID)))
    expect(await directAttack.closed).toBe(CloseCodes.foreignAuthor.code)

    // The victim's first keystroke is accepted and credited to the victim.
    const closes: number[] = []
    victim.provider.on('connection-close', (event: CloseEvent | null) => event && closes.push(event.code))
    typeText(victim.doc, 0, 'Brazil proposes')
    await waitFor(() => expect(bodyText(room.doc)).toBe('Brazil proposes'))
    await server.rooms.flush()
    expect((await server.storage.clientOwners(docId)).get(victim.doc.clientID)).toBe(server.people.brazil.user.id)
    expect(closes).toEqual([])
    victim.destroy()
    pendingAttack.close()
  })

  it('integrates a connection’s held update once what it depends on arrives, and refuses more than MAX_PENDING_BYTES waiting', async () => {
    const { server } = suite
    const docId = await newDocument('Out of order')
    const author = new Y.Doc()
    const updates: Uint8Array[] = []
    author.on('update', (u: Uint8Array) => updates.push(u))
    typeText(author, 0, 'first ')
    typeText(author, 6, 'second')
    const reader = connectClient(server.wsUrl, docId, { token: server.people.chair.token })
    await reader.synced
    const ws = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    // Sent last first: the later updates wait on this connection, then integrate with the first.
    for (const u of [...updates].reverse()) ws.send(syncUpdate(u))
    await waitFor(() => expect(bodyText(reader.doc)).toBe('first second'))
    expect(server.rooms.peek(docId)!.doc.store.pendingStructs).toBeNull()

    // A connection that piles up content nobody has is refused once it holds more than the budget.
    const piler = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    const orphans = Math.ceil(MAX_PENDING_BYTES / 1000) + 2
    for (let i = 0; i < orphans; i++) piler.send(syncUpdate(orphanStruct(1_000_000 + i, 1, 'x'.repeat(1000))))
    expect(await piler.closed).toBe(CloseCodes.malformedMessage.code)
    expect(reader.provider.wsconnected).toBe(true)
    reader.destroy()
    ws.close()
  })

  it('refuses deletions of content that does not exist, however many, and keeps nothing of them', async () => {
    const { server } = suite
    const docId = await newDocument('Deletions')
    const a = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    const b = connectClient(server.wsUrl, docId, { token: server.people.chair.token })
    await Promise.all([a.synced, b.synced])
    typeText(a.doc, 0, 'Before.')
    await waitFor(() => expect(bodyText(b.doc)).toBe('Before.'))
    const room = server.rooms.peek(docId)!

    // 2 million ranges of a client id that has no content (8.9 MB): refused outright.
    const nobody = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    nobody.send(syncUpdate(deletions(123_456_789, 2_000_000)))
    expect(await nobody.closed).toBe(CloseCodes.malformedMessage.code)
    // Ranges past the end of a client that exists: a few may wait, thousands are refused.
    const past = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
    past.send(syncUpdate(deletions(a.doc.clientID, 5_000, 1_000)))
    expect(await past.closed).toBe(CloseCodes.malformedMessage.code)

    expect(room.doc.store.pendingDs).toBeNull()
    typeText(a.doc, 7, ' After.')
    await waitFor(() => expect(bodyText(b.doc)).toBe('Before. After.'))
    await server.rooms.flush()
    const stored = new Y.Doc()
    expect(applyStoredContent(stored, await server.storage.loadContent(docId))).toBe(false)
    a.destroy()
    b.destroy()
  })
})

describe('content outside the document schema', () => {
  const suite = serverSuite()

  const attempts: Array<[string, (d: Y.Doc) => void]> = [
    ['an unknown node', (d) => d.getXmlFragment('default').insert(0, [new Y.XmlElement('script')])],
    ['an unknown mark', (d) => d.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText()])
      d.getXmlFragment('default').insert(0, [p])
      ;(p.get(0) as Y.XmlText).insert(0, 'x', { blink: {} })
    })],
    ['a javascript: link', (d) => d.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText()])
      d.getXmlFragment('default').insert(0, [p])
      ;(p.get(0) as Y.XmlText).insert(0, 'click', { link: { href: 'javascript:alert(1)' } })
    })],
    ['a link under a hashed key (only marks that overlap themselves have one)', (d) => d.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText()])
      d.getXmlFragment('default').insert(0, [p])
      ;(p.get(0) as Y.XmlText).insert(0, 'click', { 'link--AAAAAAAA': { href: 'javascript:alert(1)' } })
    })],
    ['an unknown attribute on a proposed deletion under its hashed key', (d) => d.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.insert(0, [new Y.XmlText()])
      d.getXmlFragment('default').insert(0, [p])
      ;(p.get(0) as Y.XmlText).insert(0, 'x', { 'proposalDelete--AAAAAAAA': { id: 'p', onclick: 'alert(1)' } })
    })],
    ['an unknown attribute', (d) => d.transact(() => {
      const p = new Y.XmlElement('paragraph')
      p.setAttribute('onclick', 'alert(1)')
      d.getXmlFragment('default').insert(0, [p])
    })],
    ['content in another root', (d) => d.getText('hidden').insert(0, 'not in the document')],
    ['a map inside the document', (d) => d.getXmlFragment('default').insert(0, [new Y.Map() as unknown as Y.XmlElement])],
  ]

  for (const [what, change] of attempts) {
    it(`refuses ${what} with 4422 and stores none of it`, async () => {
      const { server } = suite
      const docId = server.docIds.chairReport
      const room = (await server.rooms.open(docId))!
      await server.rooms.flush()
      const before = Y.encodeStateVector(room.doc)
      const ws = await openSocket(`${server.wsUrl}/${docId}`, server.people.swiss.token)
      const update = changeOf(room.doc, change)
      ws.send(syncUpdate(update))
      expect(await ws.closed).toBe(CloseCodes.schemaViolation.code)
      await server.rooms.flush()
      expect(Y.encodeStateVector(room.doc)).toEqual(before)
    })
  }

  it('accepts what the editor writes: paragraphs, headings with a level, bold, links', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const client = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    await client.synced
    client.doc.transact(() => {
      const heading = new Y.XmlElement('heading')
      heading.setAttribute('level', 2 as unknown as string)
      const text = new Y.XmlText()
      heading.insert(0, [text])
      client.doc.getXmlFragment('default').insert(0, [heading])
      text.insert(0, 'See ', { bold: {} })
      text.insert(4, 'IOM', { link: { href: 'https://www.iom.int', target: '_blank', rel: null, class: null } })
    })
    const room = server.rooms.peek(docId)!
    await waitFor(() => expect(room.doc.getXmlFragment('default').get(0).toString()).toContain('https://www.iom.int'))
    expect(client.provider.wsconnected).toBe(true)
    client.destroy()
  })
})

describe('documents stored by earlier versions with content that never integrates', () => {
  it('are cleaned when they load: the pending content is dropped, the snapshot rewritten, its claims forgotten', async () => {
    const first = await startTestServer()
    const docId = first.docIds.chairReport
    const ghost = 424_242
    // What the old server stored after the attack: the orphan in the log, and a claim for its client id.
    await first.storage.appendUpdates([{ docId, update: orphanStruct(ghost), userId: first.people.swiss.user.id, deletes: null }], [{ docId, clientId: ghost, userId: first.people.swiss.user.id }])
    await first.close()
    const second = await startTestServer({ DATA_DIR: first.dataDir })
    try {
      const room = (await second.rooms.open(docId))!
      expect(room.doc.store.pendingStructs).toBeNull()
      expect(room.clientOwners.has(ghost)).toBe(false)
      expect(applyStoredContent(new Y.Doc(), await second.storage.loadContent(docId))).toBe(false)
      // The id can now be claimed by whoever really writes under it first.
      const writer = connectClient(second.wsUrl, docId, { doc: Object.assign(new Y.Doc(), { clientID: ghost }), token: second.people.brazil.token })
      await writer.synced
      typeText(writer.doc, 0, 'Brazil writes. ')
      await waitFor(() => expect(bodyText(room.doc)).toContain('Brazil writes. '))
      await second.rooms.flush()
      expect((await second.storage.clientOwners(docId)).get(ghost)).toBe(second.people.brazil.user.id)
      writer.destroy()
    } finally {
      await second.close()
      removeDataDir(first.dataDir)
    }
  })
})

describe('updates that pass for document content but are not', () => {
  const suite = serverSuite({ MAX_UPDATE_STRUCTS: 20_000, MAX_STRUCTS_PER_SECOND: 5_000 })
  const newDocument = async (): Promise<string> => {
    const res = await fetch(`${suite.server.url}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.server.people.chair.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Hostile structure' }),
    })
    return ((await res.json()) as { id: string }).id
  }
  /** A document with one paragraph typed by Brazil, and Brazil's client. */
  const withText = async () => {
    const docId = await newDocument()
    const victim = connectClient(suite.server.wsUrl, docId, { token: suite.server.people.brazil.token })
    await victim.synced
    typeText(victim.doc, 0, 'Brazil proposes')
    const room = suite.server.rooms.peek(docId)!
    await waitFor(() => expect(bodyText(room.doc)).toBe('Brazil proposes'))
    return { docId, victim, room }
  }
  const send = async (docId: string, update: Uint8Array) => {
    const ws = await openSocket(`${suite.server.wsUrl}/${docId}`, suite.server.people.swiss.token)
    ws.send(syncUpdate(update))
    return ws.closed
  }

  it('refuses an update that lists a client id twice, so nobody writes under another person’s id', async () => {
    const { docId, victim, room } = await withText()
    const v = victim.doc.clientID
    const next = Y.getState(room.doc.store, v)
    const forged = groups([
      [v, next + 1_000, [stringAfter({ client: v, clock: next + 999 }, 'decoy')]],
      [v, next, [stringAfter({ client: v, clock: next - 1 }, ' and withdraws it')]],
    ])
    expect(await send(docId, forged)).toBe(CloseCodes.malformedMessage.code)
    expect(bodyText(room.doc)).toBe('Brazil proposes')
    victim.destroy()
  })

  it('refuses content where the document has none: text or values in the root, a paragraph in a paragraph', async () => {
    const { docId, victim, room } = await withText()
    const first = (room.doc.getXmlFragment('default').get(0) as Y.XmlElement)._item!.id
    const attempts: Array<[string, Uint8Array]> = [
      ['text in the root', groups([[77_001, 0, [stringInRoot('default', 'loose text')]]])],
      ['a value before the first paragraph', groups([[77_002, 0, [valueBefore(first)]]])],
      ['an XmlText in the root', changeOf(room.doc, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('loose')]))],
      ['a paragraph inside a paragraph', changeOf(room.doc, (d) => (d.getXmlFragment('default').get(0) as Y.XmlElement).insert(0, [new Y.XmlElement('paragraph')]))],
      ['a list item directly in the document', changeOf(room.doc, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlElement('listItem')]))],
    ]
    for (const [what, update] of attempts) expect(await send(docId, update), what).toBe(CloseCodes.schemaViolation.code)
    expect(bodyText(room.doc)).toBe('Brazil proposes')
    // The document still reads, exports and renders for everyone.
    const content = await fetch(`${suite.server.url}/api/documents/${docId}/content`, { headers: { authorization: `Bearer ${suite.server.people.chair.token}` } })
    expect(content.status).toBe(200)
    victim.destroy()
  })

  it('refuses clocks past 2^32 (a deleted run of 2^53 made text nobody could delete)', async () => {
    const { docId, victim, room } = await withText()
    const lastChar = { client: victim.doc.clientID, clock: Y.getState(room.doc.store, victim.doc.clientID) - 1 }
    expect(await send(docId, groups([[77_010, 0, [deletedAfter(lastChar, 2 ** 53 - 2), stringAfter({ client: 77_010, clock: 2 ** 53 - 3 }, 'abc')]]]))).toBe(CloseCodes.malformedMessage.code)
    expect(Y.getState(room.doc.store, 77_010)).toBe(0)
    victim.destroy()
  })

  it('reads no further than a user’s work budget: one huge update is refused, many costly ones wait', async () => {
    const { docId, victim, room } = await withText()
    // 30,000 garbage structs: more than MAX_UPDATE_STRUCTS (20,000) in one update.
    expect(await send(docId, groups([[77_020, 0, Array.from({ length: 30_000 }, () => gc)]]))).toBe(CloseCodes.tooLarge.code)
    // 12,000 each: the first fits the budget, the second finds it spent (5,000 a second) and is told to come back.
    const ws = await openSocket(`${suite.server.wsUrl}/${docId}`, suite.server.people.swiss.token)
    for (let i = 0; i < 3; i++) ws.send(syncUpdate(groups([[77_030 + i, 0, Array.from({ length: 12_000 }, () => gc)]])))
    expect(await ws.closed).toBe(CloseCodes.rateLimited.code)
    // Brazil's own budget is untouched: typing still works.
    typeText(victim.doc, 15, '.')
    await waitFor(() => expect(bodyText(room.doc)).toBe('Brazil proposes.'))
    victim.destroy()
  })
})
