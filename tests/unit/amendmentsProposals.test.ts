import { describe, expect, it } from 'vitest'
import { proposalsIn } from '../../shared/amendments/proposalsIn.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { delegationHue } from '../../shared/schema/ProposalMarks.js'
import { BRAZIL, CHILE, bold, del, docOf, fmt, h, ins, li, ol, p, proposal, t } from '../helpers/amendmentDocs.js'

const A = proposal('a', BRAZIL, 1000)
const B = proposal('b', CHILE, 2000)

describe('the proposals of a document', () => {
  it('lists them in document order with their text, kinds and live paragraph references', () => {
    const doc = docOf(
      h(2, 'Title'),
      ol(
        li(p('States ', t('urgently ', del(B)), 'act.')),
        li(p('Second ', t('shall', del(A)), t('may', ins(A)), ' point.'), ol(li(p(t('A new sub-point', ins(A)))))),
        li(p(t('Bold', bold, fmt(B, ['bold'])), ' words.')),
      ),
    )
    const found = proposalsIn(doc)
    expect(found.map((x) => ({ id: x.id, delegation: x.delegation, kinds: x.kinds, inserted: x.inserted, deleted: x.deleted, paraRef: x.paraRef }))).toEqual([
      { id: 'b', delegation: 'Chile', kinds: ['delete', 'format'], inserted: '', deleted: 'urgently ', paraRef: '1' },
      { id: 'a', delegation: 'Brazil', kinds: ['delete', 'insert'], inserted: 'may\nA new sub-point', deleted: 'shall', paraRef: '2' },
    ])
    expect(found[0].format).toEqual({ added: ['bold'], removed: [] })
    expect(found[0].formatted).toBe('Bold')
    const a = found[1]
    expect(doc.textBetween(a.from, a.to, '\n')).toBe('shallmay point.\nA new sub-point')
    expect([a.authorId, a.createdAt]).toEqual([BRAZIL.authorId, 1000])
  })

  it('keeps two delegations’ proposals on the same sentence apart, even when adjacent', () => {
    const doc = docOf(p('We ', t('strongly ', ins(A)), t('firmly ', ins(B)), 'agree.'))
    expect(proposalsIn(doc).map((x) => [x.id, x.inserted])).toEqual([['a', 'strongly '], ['b', 'firmly ']])
    expect(doc.firstChild!.childCount).toBe(4)
  })
})

describe('the proposal marks', () => {
  const schema = documentSchema()

  it('render as <ins>, <del> and a span with data attributes and the delegation’s hue', () => {
    const toDOM = (name: string, attrs: object) => schema.marks[name].spec.toDOM!(schema.marks[name].create(attrs), true) as unknown as [string, Record<string, string>, 0]
    expect(toDOM('proposalInsert', A)).toEqual(['ins', { 'data-proposal': 'a', 'data-author': 'u-brazil', 'data-delegation': 'Brazil', 'data-created-at': '1000', class: 'proposal proposal--insert', style: `--proposal-hue: ${delegationHue('Brazil')}` }, 0])
    expect(toDOM('proposalDelete', B)[0]).toBe('del')
    expect(toDOM('proposalFormat', { ...A, added: ['bold', 'italic'] })[1]['data-added']).toBe('bold italic')
  })

  it('read their attributes back from that HTML', () => {
    const element = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement
    const rule = schema.marks.proposalFormat.spec.parseDOM![0] as { getAttrs: (e: HTMLElement) => Record<string, unknown> }
    expect(rule.getAttrs(element({ 'data-proposal': 'a', 'data-author': 'u', 'data-delegation': 'Chile', 'data-created-at': '5', 'data-added': 'bold link', 'data-removed': '' }))).toEqual({
      id: 'a', authorId: 'u', delegation: 'Chile', createdAt: 5, added: ['bold'], removed: [],
    })
    expect(schema.marks.proposalDelete.spec.parseDOM![0]).toMatchObject({ tag: 'del[data-proposal]', priority: 60 })
  })

  it('let two deletions overlap but not two insertions, and never extend to the next character', () => {
    const [insert, remove, format] = ['proposalInsert', 'proposalDelete', 'proposalFormat'].map((n) => schema.marks[n])
    expect([insert.excludes(insert), remove.excludes(remove), format.excludes(format)]).toEqual([true, false, true])
    expect([insert, remove, format].map((m) => m.spec.inclusive)).toEqual([false, false, false])
  })

  it('give each delegation a stable hue', () => {
    expect(delegationHue('Chile')).toBe(delegationHue('Chile'))
    expect(new Set(['Brazil', 'Chile', 'Norway', 'France', 'Kenya'].map(delegationHue)).size).toBe(5)
  })
})
