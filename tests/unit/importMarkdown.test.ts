import { describe, expect, it } from 'vitest'
import { Node } from '@tiptap/pm/model'
import { importMarkdown } from '../../server/import/importMarkdown.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { documentPlainText } from '../../server/documents/documentText.js'

const read = (md: string) => {
  const { doc, warnings } = importMarkdown(md)
  const node = Node.fromJSON(documentSchema(), doc)
  node.check()
  return { text: documentPlainText(node), warnings, node }
}

describe('Markdown import', () => {
  it('nests sub-points by indentation: (i) under (h) is a letter, under (a) a roman sub-sub-point', () => {
    const letters = 'abcdefgh'.split('').map((l) => `    (${l}) point ${l};`)
    const md = ['1\\. Paragraph;', '', ...letters.flatMap((l) => [l, '']), '    (i) ninth letter;', '', '        (i) roman under (i);', '', '            (A) capital;', ''].join('\n')
    const { text } = read(md)
    expect(text.split('\n').slice(-4)).toEqual(['(h) point h;', '(i) ninth letter;', '(i) roman under (i);', '(A) capital;'])
    // Without indentation, "(i)" right after "(h)" is still the ninth letter, and after "(a)" it is roman.
    expect(read(['1. P', '(a) x', '(i) y', ''].join('\n')).text).toBe(['1. P', '(a) x', '(i) y'].join('\n'))
    const roman = read(['1. P', '', '(a) x', '', '(i) y', '', '(ii) z', ''].join('\n'))
    expect(roman.node.child(0).child(0).child(1).child(0).child(1).childCount).toBe(2)
  })

  it('keeps bullets as a bullet list, a second paragraph of a list item inside the item, and headings', () => {
    const { node, text } = read(['## Heading', '', '- one', '- two', '', '1. first', '', '   more of first', '', '2. second', ''].join('\n'))
    expect(text).toBe(['Heading', 'one', 'two', '1. first', 'more of first', '2. second'].join('\n'))
    expect(node.child(0).type.name).toBe('heading')
    expect(node.child(1).type.name).toBe('bulletList')
    expect(node.child(2).child(0).childCount).toBe(2)
  })

  it('warns when typed paragraph numbers skip', () => {
    expect(read(['1\\. one', '', '3\\. three', ''].join('\n')).warnings).toEqual(['paragraph "3." found where 2. was expected'])
  })
})
