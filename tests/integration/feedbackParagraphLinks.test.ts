import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { linkWords } from '../helpers/catalogWords.js'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient, type YClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { api } from '../helpers/http.js'
import { deleteParagraph, insertParagraphBefore, referenceOf } from '../helpers/paragraphs.js'
import { writeElsewhere } from '../helpers/writeElsewhere.js'
import type { Cast } from '../helpers/people.js'

type Who = keyof Cast
const G = 'iom-un-relations'
const TITLE = "Director General's Response"
/** Paragraph 7 of the DG response as seeded. */
const SEVEN = 'Given the resolution now before the Second Committee'
const body = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })

describe('feedback links to a paragraph itself', () => {
  const suite = serverSuite()
  const clients: YClient[] = []
  const call = (who: Who, method: string, path: string, b?: unknown) => api(suite.server.url, method, path, { as: { token: suite.server.people[who].token }, body: b })
  const member = async () => {
    const c = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.swiss.token })
    clients.push(c)
    await c.synced
    return c
  }
  const linkOf = async (who: Who, id: string) => (await call(who, 'GET', `/api/feedback/${id}`)).json.links[0]
  /** The DG office links the paragraph that holds a phrase (by its reference in a member's copy now); returns the update's id and that reference. */
  const linkParagraphWith = async (copy: YClient, phrase: string) => {
    const ref = referenceOf(copy.doc, phrase)
    const created = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: `On ${phrase}`, body: body('x'), links: [{ type: 'paragraph', documentId: suite.server.docIds.dgResponse, paraRef: ref }] })
    expect(created.json.links[0]).toMatchObject({ liveRef: ref })
    return { id: created.json.id as string, ref, link: created.json.links[0] }
  }

  afterAll(() => {
    for (const c of clients) c.destroy()
  })

  it('follows the paragraph when paragraphs above are deleted or inserted, keeps it through an edit, and says when it is deleted', async () => {
    const docId = suite.server.docIds.dgResponse
    const created = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'On paragraph 7', body: body('See paragraph 7.'), links: [{ type: 'paragraph', documentId: docId, paraRef: '7' }] })
    expect(created.status).toBe(201)
    const linked = created.json.links[0]
    expect(linked).toMatchObject({ type: 'paragraph', documentId: docId, paraRef: '7', liveRef: '7', label: `${TITLE}, para 7`, broken: false })
    expect(linked.position.item).toEqual({ client: expect.any(Number), clock: expect.any(Number) })
    expect(linked.quote).toBe('Given the resolution now before the Second Committee, I…')

    const swiss = await member()
    // A member deletes paragraph 4: the linked paragraph is now 6, for every reader.
    deleteParagraph(swiss.doc, 'Although IOM does not take a position')
    expect(referenceOf(swiss.doc, SEVEN)).toBe('6')
    await waitFor(async () => expect(await linkOf('brazil', created.json.id)).toMatchObject({ liveRef: '6', label: `${TITLE}, para 6`, paraRef: '7' }))
    expect(await linkOf('observer', created.json.id)).toMatchObject({ liveRef: '6' })

    // A paragraph inserted above: 7 again, and still the same text.
    insertParagraphBefore(swiss.doc, 'Building on last year', 'A new second paragraph.')
    expect(referenceOf(swiss.doc, SEVEN)).toBe('7')
    await waitFor(async () => expect(await linkOf('swiss', created.json.id)).toMatchObject({ liveRef: '7', label: `${TITLE}, para 7` }))

    // The DG office edits the update, sending its links back as shown: the link keeps its paragraph.
    const shown = await linkOf('dg', created.json.id)
    const edited = await call('dg', 'PATCH', `/api/feedback/${created.json.id}`, {
      title: 'On paragraph 7 (edited)',
      body: body('See paragraph 7.'),
      links: [{ type: 'paragraph', documentId: docId, paraRef: shown.paraRef, position: shown.position }],
    })
    expect(edited.status).toBe(200)
    expect(edited.json.links[0]).toMatchObject({ position: linked.position, liveRef: '7', quote: linked.quote })

    // The paragraph itself is deleted: the link says so, with the number and words it had when linked.
    deleteParagraph(swiss.doc, SEVEN)
    await waitFor(async () =>
      expect(await linkOf('chair', created.json.id)).toMatchObject({
        paragraphDeleted: true,
        broken: false,
        label: `${TITLE}, paragraph deleted (was para 7, “${linked.quote}”)`,
      }),
    )
    expect((await linkOf('chair', created.json.id)).liveRef).toBeUndefined()
    // The page words it from the same facts: in English as the server's label, in French its own way.
    const deleted = await linkWords(await linkOf('chair', created.json.id))
    expect(deleted.en).toBe(`${TITLE}, paragraph deleted (was para 7, “${linked.quote}”)`)
    expect(deleted.fr).toBe(`${TITLE}, paragraphe supprimé (anciennement par. 7, «\u202f${linked.quote}\u202f»)`)

    // An edit keeps the link to the deleted paragraph; a new update cannot link to it.
    const again = await call('dg', 'PATCH', `/api/feedback/${created.json.id}`, { title: 'Edited again', body: body('x'), links: [{ type: 'paragraph', documentId: docId, paraRef: '7', position: linked.position }] })
    expect(again.status).toBe(200)
    expect(again.json.links[0]).toMatchObject({ paragraphDeleted: true })
    const refused = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Gone', body: body('x'), links: [{ type: 'paragraph', documentId: docId, paraRef: '7', position: linked.position }] })
    expect(refused.status).toBe(400)
    expect(refused.json).toMatchObject({ error: 'invalid_link', message: 'the linked paragraph is not in the document' })
  })

  it('follows a sub-point too: 5(b) becomes 5(a) when 5(a) is deleted', async () => {
    const swiss = await member()
    const phrase = 'Second, I have also said that one or the other'
    const { id, ref, link } = await linkParagraphWith(swiss, phrase)
    expect(link.quote).toMatch(/^Second, I have also said/)
    deleteParagraph(swiss.doc, 'First, IOM–UN relations within or outside the UN')
    const now = referenceOf(swiss.doc, phrase)
    expect(now).not.toBe(ref)
    await waitFor(async () => expect(await linkOf('swiss', id)).toMatchObject({ liveRef: now }))
  })

  it('finds a paragraph deleted and put back by undo again by its opening words (undo makes it a new list item)', async () => {
    const swiss = await member()
    const phrase = 'I would provide regular feedback to the Working Group'
    const { id, ref } = await linkParagraphWith(swiss, phrase)
    const undo = new Y.UndoManager(swiss.doc.getXmlFragment('default'))
    deleteParagraph(swiss.doc, phrase)
    await waitFor(async () => expect(await linkOf('swiss', id)).toMatchObject({ paragraphDeleted: true }))
    undo.undo()
    expect(referenceOf(swiss.doc, phrase)).toBe(ref)
    await waitFor(async () => expect(await linkOf('swiss', id)).toMatchObject({ liveRef: ref, refound: true, label: `${TITLE}, para ${ref}` }))
    expect((await linkOf('swiss', id)).paragraphDeleted).toBeUndefined()
  })

  it('refuses a reference the document does not have with a clear message, and a position of another document', async () => {
    const docs = suite.server.docIds
    const unknown = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Bad', body: body('x'), links: [{ type: 'paragraph', documentId: docs.dgResponse, paraRef: '42' }] })
    expect(unknown.status).toBe(400)
    expect(unknown.json).toMatchObject({ error: 'invalid_link', message: 'the document has no paragraph 42' })
    const ok = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Ok', body: body('x'), links: [{ type: 'paragraph', documentId: docs.dgResponse, paraRef: '2' }] })
    const elsewhere = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Bad', body: body('x'), links: [{ type: 'paragraph', documentId: docs.chairReport, paraRef: '1', position: ok.json.links[0].position }] })
    expect(elsewhere.status).toBe(400)
    const malformed = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Bad', body: body('x'), links: [{ type: 'paragraph', documentId: docs.dgResponse, paraRef: '2', position: { item: { client: -1, clock: 'x' } } }] })
    expect(malformed.status).toBe(400)
  })

  it('shows a link stored before positions existed by its number, as before', async () => {
    const docId = suite.server.docIds.dgResponse
    const created = await call('dg', 'POST', `/api/groups/${G}/feedback`, { title: 'Old', body: body('x'), links: [] })
    expect(writeElsewhere(suite.server.dataDir, 'UPDATE feedback_updates SET links = ? WHERE id = ?', JSON.stringify([{ type: 'paragraph', documentId: docId, paraRef: '3' }]), created.json.id)).toBe(1)
    expect(await linkOf('swiss', created.json.id)).toEqual({ type: 'paragraph', documentId: docId, paraRef: '3', title: TITLE, label: `${TITLE}, para 3`, broken: false })
  })
})
