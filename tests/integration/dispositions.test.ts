import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { threeParagraphDraft, wordRows } from '../helpers/matrixDrafts.js'
import type { YClient } from '../helpers/yClient.js'
import { castClients } from '../helpers/castClients.js'
import { waitFor } from '../helpers/waitFor.js'
import { openEvents } from '../helpers/sse.js'
import { anchorOn } from '../helpers/anchors.js'
import type { Cast } from '../helpers/people.js'
import { after, editDirectly, propose } from '../helpers/proposing.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import { matrixDate } from '../../server/export/commentsTable.js'
import type { DispositionList, DispositionView } from '../../shared/dispositions/types.js'
import type { ProposalList } from '../../shared/amendments/types.js'

type Who = keyof Cast

describe('dispositions: the DG office answers each comment and proposal, and the matrix compiles them', () => {
  const suite = serverSuite()
  const { call, join } = castClients(suite)
  const draft = () => threeParagraphDraft(suite.server)
  const comment = async (who: Who, docId: string, client: YClient, phrase: string, body: string): Promise<string> => {
    const res = await call(who, 'POST', `/api/documents/${docId}/threads`, { anchor: anchorOn(client.doc, phrase), body })
    expect(res.status).toBe(201)
    return res.json.id
  }
  const record = (who: Who, docId: string, target: string, body: unknown) => call(who, 'PUT', `/api/documents/${docId}/dispositions/${target}`, body)
  const list = async (who: Who, docId: string) => ((await call(who, 'GET', `/api/documents/${docId}/dispositions`)).json as DispositionList).dispositions

  it('lets the DG office and the chair record a disposition, and refuses members, observers and outsiders', async () => {
    const docId = await draft()
    const threadId = await comment('swiss', docId, await join('swiss', docId), 'welcomed the report', 'Say "warmly welcomed".')
    for (const who of ['swiss', 'brazil', 'observer', 'outsider'] as const) expect((await record(who, docId, threadId, { value: 'accepted' })).status).toBe(403)
    const first = await record('dg', docId, threadId, { value: 'partly-accepted', explanation: 'Reworded.' })
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ targetType: 'thread', targetId: threadId, value: 'partly-accepted', explanation: 'Reworded.', answer: null, decidedBy: { name: 'Karim DG' }, updatedBy: { name: 'Karim DG' } })
    // The chair changes it: the change overwrites, and says who changed it after whom.
    const changed = await record('chair', docId, threadId, { value: 'noted' })
    expect(changed.json).toMatchObject({ value: 'noted', explanation: '', decidedBy: { name: 'Karim DG' }, updatedBy: { name: 'Elena Chair' } })
    expect(await list('observer', docId)).toMatchObject([{ targetId: threadId, value: 'noted' }])
    expect((await call('swiss', 'DELETE', `/api/documents/${docId}/dispositions/${threadId}`)).status).toBe(403)
    expect((await call('dg', 'DELETE', `/api/documents/${docId}/dispositions/${threadId}`)).status).toBe(204)
    expect(await list('swiss', docId)).toEqual([])
    expect((await call('dg', 'DELETE', `/api/documents/${docId}/dispositions/${threadId}`)).json.error).toBe('disposition_not_found')
    // Each change is in the group's log, with the disposition before and after.
    const log = (await call('chair', 'GET', `/api/groups/${EXAMPLE_GROUP_ID}/moderation/log`)).json as Array<{ action: string; targetId: string; actor: { name: string }; before: string | null; after: string | null }>
    expect(log.filter((e) => e.targetId === threadId).map((e) => [e.action, e.actor.name, e.before, e.after])).toEqual([
      ['record disposition', 'Karim DG', null, 'Partly accepted: Reworded.'],
      ['record disposition', 'Elena Chair', 'Partly accepted: Reworded.', 'Noted'],
      ['clear disposition', 'Karim DG', 'Noted', null],
    ])
  })

  it('refuses values, explanations and answering paragraphs outside the rules with 400, and targets of another document with 404', async () => {
    const docId = await draft()
    const other = await draft()
    const threadId = await comment('brazil', docId, await join('brazil', docId), 'The Council', 'Too weak.')
    const elsewhere = await comment('brazil', other, await join('brazil', other), 'The Council', 'Same here.')
    const refused = async (body: unknown, error: string) => {
      const res = await record('dg', docId, threadId, body)
      expect(res.status).toBe(400)
      expect(res.json.error).toBe(error)
    }
    await refused({ value: 'rejected' }, 'invalid_request')
    await refused({ explanation: 'No value' }, 'invalid_request')
    await refused({ value: 'noted', explanation: 'x'.repeat(4001) }, 'invalid_request')
    await refused({ value: 'noted', extra: true }, 'invalid_request')
    await refused({ value: 'noted', answer: { type: 'paragraph', documentId: docId, paraRef: 'seven' } }, 'invalid_request')
    await refused({ value: 'noted', answer: { type: 'paragraph', documentId: docId, paraRef: '9' } }, 'invalid_link')
    await refused({ value: 'noted', answer: { type: 'paragraph', documentId: 'no-such-document', paraRef: '1' } }, 'invalid_link')
    // A thread of another document, or nothing at all: not on this document.
    for (const target of [elsewhere, 'no-such-thread']) {
      const res = await record('dg', docId, target, { value: 'noted' })
      expect(res.status).toBe(404)
      expect(res.json.error).toBe('target_not_found')
    }
    expect((await record('dg', 'no-such-document', threadId, { value: 'noted' })).status).toBe(404)
    expect(await list('dg', docId)).toEqual([])
  })

  it('tells the delegation that made the comment, live, and shows every reader the disposition as it is recorded', async () => {
    const docId = await draft()
    const threadId = await comment('swiss', docId, await join('swiss', docId), 'met six times', 'Seven times, surely.')
    const swiss = await openEvents(suite.server.url, suite.server.people.swiss.token)
    const brazil = await openEvents(suite.server.url, suite.server.people.brazil.token)
    try {
      await waitFor(() => expect(swiss.raw()).toContain(':'))
      expect((await record('dg', docId, threadId, { value: 'accepted', explanation: 'Corrected to seven.', answer: { type: 'paragraph', documentId: docId, paraRef: '1' } })).status).toBe(200)
      for (const stream of [swiss, brazil]) {
        await waitFor(() => expect(stream.events.find((e) => e.event === 'dispositions')?.data).toMatchObject({ documentId: docId, dispositions: [{ targetId: threadId, value: 'accepted', answer: { liveRef: '1' } }] }))
      }
      await waitFor(() =>
        expect(swiss.events.find((e) => e.event === 'notification')?.data).toMatchObject({ kind: 'disposition', threadId, targetType: 'document', targetId: docId, actor: { name: 'Karim DG' }, excerpt: 'Accepted: Corrected to seven.' }),
      )
      // Another delegation sees the disposition but is not notified of it.
      expect(brazil.events.some((e) => e.event === 'notification')).toBe(false)
      const bell = (await call('swiss', 'GET', '/api/notifications')).json
      expect(bell.items[0]).toMatchObject({ kind: 'disposition', threadId, read: false })
      expect((await call('brazil', 'GET', '/api/notifications')).json.items.some((n: { kind: string }) => n.kind === 'disposition')).toBe(false)
    } finally {
      swiss.close()
      brazil.close()
    }
  })

  it('keeps the answering paragraph as the document is renumbered, and says when it is deleted', async () => {
    const docId = await draft()
    const editor = await join('chair', docId)
    const threadId = await comment('brazil', docId, editor, 'The Council', 'Stronger, please.')
    await record('dg', docId, threadId, { value: 'accepted', answer: { type: 'paragraph', documentId: docId, paraRef: '3' } })
    // A paragraph inserted above it (the first one split in two): paragraph 3 is now 4, and the answer follows it.
    editDirectly(editor.doc, (s) => s.tr.split(after(s.doc, 'The Working Group met'), 2))
    await waitFor(async () => expect((await list('swiss', docId))[0].answer).toMatchObject({ paraRef: '3', liveRef: '4' }))
    // The paragraph deleted: the answer says what it was.
    editDirectly(editor.doc, (s) => s.tr.delete(after(s.doc, 'the report.') + 2, s.doc.content.size - 2))
    await waitFor(async () => expect((await list('swiss', docId))[0].answer).toMatchObject({ paragraphDeleted: true }))
  })

  it('answers with a paragraph of the next draft, named with that draft’s title in the matrix', async () => {
    const docId = await draft()
    const next = await draft()
    const threadId = await comment('swiss', docId, await join('swiss', docId), 'Members welcomed', 'Add "warmly".')
    const res = await record('dg', docId, threadId, { value: 'accepted', answer: { type: 'paragraph', documentId: next, paraRef: '2' } })
    expect(res.json.answer).toMatchObject({ documentId: next, liveRef: '2', label: `Draft ${next}, para 2` })
    const csv = await (await fetch(`${suite.server.url}/api/documents/${docId}/comments.csv`, { headers: { authorization: `Bearer ${suite.server.people.brazil.token}` } })).text()
    expect(csv.split('\r\n')[1]).toBe(`2,Switzerland,"Add ""warmly"".",Accepted,,"Draft ${next}, para 2"`)
  })

  it('compiles the matrix as CSV and landscape Word: the six columns, dispositions, sorted by paragraph, headed by the title, round and date', async () => {
    const docId = await draft()
    const swiss = await join('swiss', docId)
    const onThree = await comment('brazil', docId, swiss, 'takes note', 'Say "welcomes".')
    const onOne = await comment('swiss', docId, swiss, 'met six times', 'Seven times.')
    propose(swiss.doc, { authorId: suite.server.people.swiss.user.id, delegation: 'Switzerland' }, (s) => s.tr.insertText(' warmly', after(s.doc, 'Members')))
    const proposalId = await waitFor(async () => {
      const proposals = ((await call('dg', 'GET', `/api/documents/${docId}/proposals`)).json as ProposalList).proposals
      expect(proposals).toHaveLength(1)
      return proposals[0].id
    })
    expect((await record('dg', docId, onOne, { value: 'accepted', explanation: 'Corrected.', answer: { type: 'paragraph', documentId: docId, paraRef: '1' } })).status).toBe(200)
    expect((await record('dg', docId, proposalId, { value: 'not-accepted', explanation: 'The report stands as welcomed.' })).json.targetType).toBe('proposal')
    expect((await record('dg', docId, onThree, { value: 'noted' })).status).toBe(200)

    const csv = await (await fetch(`${suite.server.url}/api/documents/${docId}/comments.csv?round=First%20reading`, { headers: { authorization: `Bearer ${suite.server.people.observer.token}` } })).text()
    expect(csv.split('\r\n').slice(0, -1)).toEqual([
      'paragraph,delegation(s),comment or proposed text,disposition,explanation,answering paragraph',
      '1,Switzerland,Seven times.,Accepted,Corrected.,1',
      '2,Switzerland,Insert:  warmly,Not accepted,The report stands as welcomed.,',
      '3,Brazil,"Say ""welcomes"".",Noted,,',
    ])

    const res = await fetch(`${suite.server.url}/api/documents/${docId}/comments.docx?round=First%20reading`, { headers: { authorization: `Bearer ${suite.server.people.swiss.token}` } })
    expect(res.headers.get('content-disposition')).toContain(' - First reading - comments.docx')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const document = strFromU8(files['word/document.xml'])
    expect(document).toMatch(/<w:pgSz [^>]*w:orient="landscape"/)
    const [width, height] = [/w:w="(\d+)"/, /w:h="(\d+)"/].map((r) => Number(document.match(new RegExp(`<w:pgSz [^>]*${r.source}`))![1]))
    expect(width).toBeGreaterThan(height)
    // The page header: the title, the round and the date, on every page.
    const header = Object.entries(files).find(([name]) => /^word\/header\d+\.xml$/.test(name))
    expect(header).toBeDefined()
    const headerText = strFromU8(header![1]).replace(/<[^>]+>/g, '')
    expect(headerText).toBe(`Comments matrix: Draft ${docId} · First reading · ${matrixDate()}`)
    expect(document).toMatch(/<w:headerReference [^>]*w:type="default"/)
    // Six columns of set widths, the heading row repeated on each page, then the rows by paragraph.
    expect([...document.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))).toHaveLength(6)
    expect(document).toContain('<w:tblHeader/>')
    expect(wordRows(document)).toEqual([
      ['Paragraph', 'Delegation(s)', 'Comment or proposed text', 'Disposition', 'Explanation', 'Answering paragraph'],
      ['1', 'Switzerland', 'Seven times.', 'Accepted', 'Corrected.', '1'],
      ['2', 'Switzerland', 'Insert:  warmly', 'Not accepted', 'The report stands as welcomed.', ' '],
      ['3', 'Brazil', 'Say "welcomes".', 'Noted', ' ', ' '],
    ])
  })
})
