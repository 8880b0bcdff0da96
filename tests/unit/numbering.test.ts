import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { documentSchema } from '../../shared/schema/extensions.js'
import { computeNumbering, labelFor, paragraphReferenceAt, toAlpha, toRoman } from '../../shared/schema/numbering.js'

const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const item = (text: string, ...children: JSONContent[]): JSONContent => ({ type: 'listItem', content: [p(text), ...children] })
const ol = (...items: JSONContent[]): JSONContent => ({ type: 'orderedList', content: items })
const h = (text: string): JSONContent => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })
const build = (...content: JSONContent[]) => documentSchema().nodeFromJSON({ type: 'doc', content })
const refs = (...content: JSONContent[]) => computeNumbering(build(...content)).map((i) => `${i.reference}=${i.label}`)

describe('UN paragraph numbering', () => {
  it('formats labels as 1., (a), (i), (A)', () => {
    expect([labelFor(1, 6), labelFor(2, 2), labelFor(3, 4), labelFor(4, 3)]).toEqual(['6.', '(b)', '(iv)', '(C)'])
    expect([toRoman(9), toRoman(14), toRoman(40), toRoman(1999)]).toEqual(['ix', 'xiv', 'xl', 'mcmxcix'])
    expect([toAlpha(1), toAlpha(26), toAlpha(27), toAlpha(52)]).toEqual(['a', 'z', 'aa', 'az'])
  })

  it('continues paragraph numbers across headings and unnumbered text', () => {
    expect(refs(h('Introduction'), ol(item('a'), item('b')), h('Findings'), p('free text'), ol(item('c')))).toEqual(['1=1.', '2=2.', '3=3.'])
  })

  it('restarts sub-points under each paragraph and nests (i) under (a)', () => {
    expect(refs(ol(item('one', ol(item('x', ol(item('deep'), item('deeper'))), item('y'))), item('two', ol(item('z')))))).toEqual([
      '1=1.', '1(a)=(a)', '1(a)(i)=(i)', '1(a)(ii)=(ii)', '1(b)=(b)', '2=2.', '2(a)=(a)',
    ])
  })

  it('renumbers everything after an inserted paragraph', () => {
    const before = refs(ol(item('one'), item('two', ol(item('sub'))), item('three')))
    const after = refs(ol(item('one'), item('new'), item('two', ol(item('sub'))), item('three')))
    expect(before).toEqual(['1=1.', '2=2.', '2(a)=(a)', '3=3.'])
    expect(after).toEqual(['1=1.', '2=2.', '3=3.', '3(a)=(a)', '4=4.'])
  })

  it('counts numbered paragraphs inside a block quote in the same sequence', () => {
    expect(refs(ol(item('one')), { type: 'blockquote', content: [ol(item('quoted'))] }, ol(item('three')))).toEqual(['1=1.', '2=2.', '3=3.'])
  })

  it('leaves bulleted lists unnumbered', () => {
    expect(refs({ type: 'bulletList', content: [item('bullet')] }, ol(item('one')))).toEqual(['1=1.'])
  })

  it('gives the reference of the innermost item around a position', () => {
    const doc = build(h('Title'), ol(item('one', ol(item('sub-a'), item('sub-b')))))
    let subB = -1
    doc.descendants((n, pos) => {
      if (n.isText && n.text === 'sub-b') subB = pos + 2
    })
    expect(paragraphReferenceAt(doc, subB)).toBe('1(b)')
    expect(paragraphReferenceAt(doc, 2)).toBeNull()
  })
})
