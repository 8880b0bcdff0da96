import { describe, expect, it } from 'vitest'
import { strFromU8, unzipSync } from 'fflate'
import { commentsTableCsv, commentsTableDocx, commentsTableRows, COMMENTS_TABLE_HEADER, proposalDelegations } from '../../server/export/commentsTable.js'
import type { ThreadView, PersonView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import type { DispositionView } from '../../shared/dispositions/types.js'

const person = (name: string, delegation: string): PersonView => ({ id: `u-${name}`, name, delegation })
const ANA = person('Ana Brazil', 'Brazil')
const LUKAS = person('Lukas Swiss', 'Switzerland')
const CHAIR = person('Maria Chair', '')

function thread(paraRef: string, body: string, createdAt: string): ThreadView {
  return {
    id: `t-${body}`,
    targetType: 'document',
    targetId: 'd1',
    groupId: 'g1',
    quote: { exact: 'the report', prefix: '', suffix: '' },
    anchor: null,
    paraRefAtCreation: paraRef,
    anchorState: 'anchored',
    paraRef,
    position: 1,
    positionEnd: 2,
    status: 'open',
    locked: false,
    author: LUKAS,
    createdAt,
    messages: [{ id: 'm1', threadId: `t-${body}`, author: LUKAS, body, state: 'published', hiddenReason: null, createdAt, editedAt: null, flags: 0, flaggedByMe: false }],
    seq: 1,
    answeredBy: null,
  }
}

function proposalView(over: Partial<ProposalView>): ProposalView {
  return {
    id: 'p1',
    documentId: 'd1',
    author: ANA,
    delegation: 'Brazil',
    createdAt: '2026-01-02T10:00:00.000Z',
    kinds: ['insert'],
    inserted: '',
    deleted: '',
    formatted: '',
    paraRef: null,
    position: 1,
    state: 'open',
    supporters: [],
    supportedByMe: false,
    decidedBy: null,
    decidedAt: null,
    reason: null,
    ...over,
  }
}

const supporter = (delegation: string) => ({ userId: `u-${delegation}`, name: `Delegate of ${delegation}`, delegation, at: '2026-01-04T00:00:00.000Z' })

const replace = proposalView({
  id: 'p-replace',
  kinds: ['delete', 'insert'],
  deleted: 'welcomes',
  inserted: 'notes with concern',
  paraRef: '6(b)',
  supporters: [supporter('Chile'), supporter('Norway'), supporter('Chile'), supporter('Brazil')],
})
const rejected = proposalView({
  id: 'p-rejected',
  author: person('Pablo Chile', 'Chile'),
  delegation: 'Chile',
  kinds: ['format'],
  formatted: 'urgently',
  paraRef: '2',
  createdAt: '2026-01-03T00:00:00.000Z',
  state: 'rejected',
  position: null,
  decidedBy: CHAIR,
  decidedAt: '2026-01-05T00:00:00.000Z',
  reason: 'Out of scope',
})
const withdrawn = proposalView({ id: 'p-withdrawn', inserted: 'a new paragraph', paraRef: null, state: 'withdrawn', position: null })

describe('comments table with proposals', () => {
  it('lists proposals and threads together, by paragraph, in the same columns', () => {
    const rows = commentsTableRows([thread('6(a)', 'On 6(a)', '2026-01-01T00:00:00.000Z'), thread('10', 'On 10', '2026-01-01T00:00:00.000Z')], [withdrawn, replace, rejected])
    expect(rows.map((r) => r[0])).toEqual(['2', '6(a)', '6(b)', '10', ''])
    expect(rows.every((r) => r.length === COMMENTS_TABLE_HEADER.length)).toBe(true)
    expect(rows[2]).toEqual(['6(b)', 'Brazil (supported by Chile, Norway)', 'Delete: welcomes\nInsert: notes with concern', '', '', ''])
    expect(rows[0]).toEqual(['2', 'Chile', 'Format: urgently', 'Rejected by Maria Chair', 'Out of scope', ''])
    expect(rows[4].slice(2)).toEqual(['Insert: a new paragraph', 'Withdrawn by its author', '', ''])
  })

  it('names the delegations: the proposal’s own, else its author’s, then the supporters’', () => {
    expect(proposalDelegations({ delegation: null, author: ANA, supporters: [supporter('Chile')] })).toBe('Brazil (supported by Chile)')
    expect(proposalDelegations({ delegation: null, author: CHAIR, supporters: [] })).toBe('')
    expect(proposalDelegations({ delegation: null, author: CHAIR, supporters: [supporter('Norway')] })).toBe('(supported by Norway)')
  })

  it('writes the proposal rows into the CSV and the Word table', async () => {
    const csv = commentsTableCsv([thread('6(a)', 'On 6(a)', '2026-01-01T00:00:00.000Z')], [replace])
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe(COMMENTS_TABLE_HEADER.join(','))
    expect(lines[1]).toContain('On 6(a)')
    expect(csv).toContain('6(b),"Brazil (supported by Chile, Norway)","Delete: welcomes\nInsert: notes with concern",,,')
    const docx = unzipSync(new Uint8Array(await commentsTableDocx('Draft', [], [replace, rejected])))
    const document = strFromU8(docx['word/document.xml'])
    const rows = [...document.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => [...m[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '')))
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
      ['2', 'Chile', 'Format: urgently', 'Rejected by Maria Chair', 'Out of scope'],
      ['6(b)', 'Brazil (supported by Chile, Norway)', 'Delete: welcomesInsert: notes with concern', ' ', ' '],
    ])
  })

  it('lists comments alone as before when there are no proposals', () => {
    const threads = [thread('3', 'Only comment', '2026-01-01T00:00:00.000Z')]
    expect(commentsTableRows(threads)).toEqual(commentsTableRows(threads, []))
    expect(commentsTableRows(threads)).toHaveLength(1)
  })

  it('puts a disposition in place of the chair’s decision, and names an answering paragraph deleted since by what it was', () => {
    const disposition = (targetId: string, over: Partial<DispositionView>): DispositionView => ({
      targetType: 'proposal', targetId, documentId: 'd1', value: 'noted', explanation: '', answer: null,
      decidedBy: CHAIR, decidedAt: '2026-01-06T00:00:00.000Z', updatedBy: CHAIR, updatedAt: '2026-01-06T00:00:00.000Z', ...over,
    })
    const paragraph = { type: 'paragraph' as const, documentId: 'd1', paraRef: '4', label: 'Draft, para 4', broken: false }
    const rows = commentsTableRows([thread('6(a)', 'On 6(a)', '2026-01-01T00:00:00.000Z')], [rejected, replace], [
      disposition('p-rejected', { value: 'partly-accepted', explanation: 'Kept in part.', answer: { ...paragraph, liveRef: '3' } }),
      disposition('t-On 6(a)', { targetType: 'thread', value: 'accepted', answer: { ...paragraph, paragraphDeleted: true } }),
    ])
    expect(rows).toEqual([
      ['2', 'Chile', 'Format: urgently', 'Partly accepted', 'Kept in part.', '3'],
      ['6(a)', 'Switzerland', 'On 6(a)', 'Accepted', '', 'paragraph deleted (was 4)'],
      ['6(b)', 'Brazil (supported by Chile, Norway)', 'Delete: welcomes\nInsert: notes with concern', '', '', ''],
    ])
  })
})
