import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { acceptProposals, decideProposals, rejectProposals } from '../../shared/amendments/decideProposals.js'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { BRAZIL, CHILE, bold, del, docOf, fmt, ins, li, ol, p, pmOf, proposal, showProposals, t, yDocOf } from '../helpers/amendmentDocs.js'

const A = proposal('a', BRAZIL)
const B = proposal('b', CHILE)

/** The sentence with Brazil replacing "shall" by "may" (one proposal) and Chile deleting "urgently ". */
const sentence = () =>
  docOf(p('States ', t('shall', del(A)), t('may', ins(A)), ' act ', t('urgently ', del(B)), 'now.'))

/** The Yjs format keys in every text of a fragment. */
function formatKeys(fragment: Y.XmlFragment): string[] {
  const keys = new Set<string>()
  const visit = (node: Y.XmlElement | Y.XmlFragment) =>
    node.toArray().forEach((child) => {
      if (child instanceof Y.XmlText) for (const run of child.toDelta()) Object.keys(run.attributes ?? {}).forEach((k) => keys.add(k))
      else if (child instanceof Y.XmlElement) visit(child)
    })
  visit(fragment)
  return [...keys].sort()
}

describe('deciding proposals in the shared Yjs document', () => {
  it('stores an insertion under its name and each deletion under its own hashed key', () => {
    const { fragment } = yDocOf(sentence())
    const keys = formatKeys(fragment)
    expect(keys).toContain('proposalInsert')
    expect(keys.filter((k) => k.startsWith('proposalDelete--'))).toHaveLength(2)
  })

  it('accepting a replacement removes the deleted word and keeps the inserted one, unmarked', () => {
    const { ydoc, fragment } = yDocOf(sentence())
    expect(acceptProposals(fragment, ['a'])).toBe(true)
    expect(showProposals(pmOf(ydoc))).toBe('States may act [-urgently ]now.')
    expect(proposalsIn(pmOf(ydoc)).map((x) => x.id)).toEqual(['b'])
  })

  it('rejecting a replacement removes the inserted word and unmarks the deleted one', () => {
    const { ydoc, fragment } = yDocOf(sentence())
    rejectProposals(fragment, ['a'])
    expect(showProposals(pmOf(ydoc))).toBe('States shall act [-urgently ]now.')
  })

  it('decides several proposals at once', () => {
    const { ydoc, fragment } = yDocOf(sentence())
    acceptProposals(fragment, ['a', 'b'])
    expect(showProposals(pmOf(ydoc))).toBe('States may act now.')
    expect(formatKeys(fragment)).toEqual([])
  })

  it('keeps the other delegation’s overlapping deletion when one is decided', () => {
    const { ydoc, fragment } = yDocOf(docOf(p('Keep ', t('very ', del(A)), t('much', del(A), del(B)), t(' more', del(B)), ' here.')))
    rejectProposals(fragment, ['a'])
    const after = pmOf(ydoc)
    expect(showProposals(after)).toBe('Keep very [-much more] here.')
    expect(proposalsIn(after).map((x) => [x.id, x.deleted])).toEqual([['b', 'much more']])
  })

  it('puts formatting back when a formatting proposal is rejected, and keeps it when accepted', () => {
    const doc = () => docOf(p('Plain ', t('bolded', bold, fmt(A, ['bold'])), ' and ', t('unbolded', fmt(B, [], ['bold'])), '.'))
    const rejected = yDocOf(doc())
    rejectProposals(rejected.fragment, ['a', 'b'])
    expect(pmOf(rejected.ydoc).toJSON()).toEqual(docOf(p('Plain bolded and ', t('unbolded', bold), '.')).toJSON())
    const accepted = yDocOf(doc())
    acceptProposals(accepted.fragment, ['a', 'b'])
    expect(pmOf(accepted.ydoc).toJSON()).toEqual(docOf(p('Plain ', t('bolded', bold), ' and unbolded.')).toJSON())
  })

  it('removes a proposed paragraph when it is rejected, and a paragraph proposed for deletion when accepted', () => {
    const doc = docOf(
      ol(li(p('First.')), li(p(t('New point.', ins(A)))), li(p(t('Old point.', del(B)))), li(p('Last.'))),
    )
    const { ydoc, fragment } = yDocOf(doc)
    rejectProposals(fragment, ['a'])
    acceptProposals(fragment, ['b'])
    expect(pmOf(ydoc).toJSON()).toEqual(docOf(ol(li(p('First.')), li(p('Last.')))).toJSON())
  })

  it('keeps a block the schema needs, emptied, rather than break the document', () => {
    const { ydoc, fragment } = yDocOf(docOf(p(t('Only text.', ins(A)))))
    rejectProposals(fragment, ['a'])
    expect(pmOf(ydoc).toJSON()).toEqual(docOf(p()).toJSON())
  })

  it('changes nothing for an unknown id', () => {
    const { ydoc, fragment } = yDocOf(sentence())
    const before = Y.encodeStateAsUpdate(ydoc)
    expect(decideProposals(fragment, ['nope'], 'accept')).toBe(false)
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before)
  })

  it('converges: a decision made on one copy and synced shows the same text on another', () => {
    const server = yDocOf(sentence()).ydoc
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    // The client proposes more while the chair decides; both changes meet.
    const clientText = (client.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText
    clientText.insert(clientText.length, ' Indeed.', { proposalInsert: { ...proposal('c', CHILE) } })
    const vector = Y.encodeStateVector(server)
    acceptProposals(server.getXmlFragment('default'), ['a'], 'chair')
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)))
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, vector))
    expect(showProposals(pmOf(client))).toBe('States may act [-urgently ]now.[+ Indeed.]')
    expect(pmOf(client).toJSON()).toEqual(pmOf(server).toJSON())
  })
})
