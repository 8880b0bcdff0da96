import { describe, expect, it } from 'vitest'
import type { Node as PMNode } from '@tiptap/pm/model'
import { findMatches, type FindQuery } from '../../client/find/findMatches.js'
import { BRAZIL, bold, del, docOf, h, ins, li, ol, p, proposal, t } from '../helpers/amendmentDocs.js'

const query = (text: string, options: Partial<FindQuery> = {}): FindQuery => ({ text, matchCase: false, wholeWord: false, ...options })
/** The text of each match, read back from the document at its positions. */
const found = (doc: PMNode, q: FindQuery) => findMatches(doc, q).map((m) => doc.textBetween(m.from, m.to))

describe('findMatches: the find bar’s matches in a document', () => {
  const doc = docOf(
    h(1, 'Migration and the Organization'),
    ol(li(p('IOM-UN relations: ', t('migra', bold), 'tion policy; immigration and émigration.'))),
    p('The ', t('Organisation', del(proposal('p1', BRAZIL))), t('Organization', ins(proposal('p1', BRAZIL))), ' (IOM).'),
  )

  it('finds every occurrence in every block, ignoring case unless asked, also across formatting', () => {
    expect(found(doc, query('migration'))).toEqual(['Migration', 'migration', 'migration', 'migration'])
    expect(found(doc, query('Migration', { matchCase: true }))).toEqual(['Migration'])
  })

  it('with Whole words, takes only whole words, in any script', () => {
    expect(found(doc, query('migration', { wholeWord: true }))).toEqual(['Migration', 'migration'])
    expect(found(doc, query('IOM', { wholeWord: true }))).toEqual(['IOM', 'IOM'])
    expect(found(doc, query('gration', { wholeWord: true }))).toEqual([])
  })

  it('reads the text as its proposals would make it: proposed insertions match, words proposed for deletion do not and phrases read across them', () => {
    expect(found(doc, query('organization'))).toEqual(['Organization', 'Organization'])
    expect(found(doc, query('organisation'))).toEqual([])
    // A phrase reads across a word proposed for deletion (which the highlight then covers too).
    expect(found(doc, query('The Organization (IOM)'))).toEqual(['The OrganisationOrganization (IOM)'])
  })

  it('takes the query as plain text, not a pattern', () => {
    expect(found(doc, query('(IOM).'))).toEqual(['(IOM).'])
    expect(found(doc, query('.*'))).toEqual([])
    expect(found(doc, query(''))).toEqual([])
  })
})
