import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { importUnText, sourceWordCount, countWords } from '../../shared/import/importUnText.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { computeNumbering } from '../../shared/schema/numbering.js'

const seed = fs.readFileSync(new URL('../../shared/fixtures/dg-response-council-105.txt', import.meta.url), 'utf8')
const { doc, warnings } = importUnText(seed)
const node = documentSchema().nodeFromJSON(doc)
const textOf = (json: JSONContent): string => (json.text ?? '') + (json.content ?? []).map(textOf).join('')
const items = computeNumbering(node)
const itemText = (ref: string) => {
  const item = items.find((i) => i.reference === ref)!
  return node.nodeAt(item.pos)!.firstChild!.textContent
}

describe('importing the DG response conference room paper', () => {
  it('is valid in the shared schema and reports nothing to check', () => {
    expect(() => node.check()).not.toThrow()
    expect(warnings).toEqual([])
  })

  it('turns the header block into the document heading', () => {
    const header = doc.content![0]
    expect(header.type).toBe('docHeader')
    expect(header.content!.map((c) => [c.type, textOf(c)])).toEqual([
      ['paragraph', 'English only 26 November 2014'],
      ['paragraph', 'CONFERENCE ROOM PAPER'],
      ['paragraph', 'COUNCIL'],
      ['paragraph', '105th Session'],
      ['heading', 'ON THE WORKING GROUP ON IOM-UN RELATIONS AND THE IOM STRATEGY'],
      ['heading', "DIRECTOR GENERAL'S RESPONSE TO THE CHAIRPERSON'S REPORT ON THE WORKING GROUP ON IOM-UN RELATIONS AND THE IOM STRATEGY"],
    ])
  })

  it('makes 8 numbered paragraphs with (a)-(d) under 5 and (a)-(c) under 6', () => {
    expect(items.map((i) => i.reference)).toEqual(['1', '2', '3', '4', '5', '5(a)', '5(b)', '5(c)', '5(d)', '6', '6(a)', '6(b)', '6(c)', '7', '8'])
    expect(items.filter((i) => i.level === 1)).toHaveLength(8)
    expect(itemText('5(a)')).toMatch(/^First, IOM–UN relations/)
    expect(itemText('6(c)')).toMatch(/^Pressing so far and so fast/)
    expect(itemText('8')).toMatch(/^I would provide regular feedback to the Working Group/)
  })

  it('keeps numbers out of the text: they are computed from the structure', () => {
    const fullText = textOf(doc)
    expect(fullText).not.toMatch(/- \d+\./)
    expect(fullText).not.toMatch(/- \([a-z]+\)/)
    for (const item of items) expect(node.nodeAt(item.pos)!.textContent).not.toMatch(/^(\d+\.|\([a-z]+\))\s/)
  })

  it("keeps paragraph 3's inline enumeration (a)…(d) as text", () => {
    expect(itemText('3')).toContain('(a) the convening of a UNGA High-level Dialogue')
    expect(itemText('3')).toContain('(d) exploration of the possibility of a legally binding convention')
    expect(items.some((i) => i.reference.startsWith('3('))).toBe(false)
  })

  it('joins the line a page break split off 5(b) back to 5(b)', () => {
    expect(itemText('5(b)')).toContain('to consider the possibility of a more formal association with the UN system: (i) should the UN form an entity')
    expect(itemText('5(b)')).toMatch(/expected to seek membership\.$/)
    expect(doc.content!.some((c) => c.type === 'paragraph' && textOf(c).startsWith('formal association'))).toBe(false)
  })

  it('loses and duplicates no word', () => {
    expect(countWords(node.textBetween(0, node.content.size, ' ', ' '))).toBe(sourceWordCount(seed))
    expect(sourceWordCount(seed)).toBeGreaterThan(1000)
  })

  it('reports numbering gaps in the source instead of hiding them', () => {
    const result = importUnText('TITLE\n- 1. One.\n- 3. Three.\n- (b) Sub.')
    expect(result.warnings).toEqual(['paragraph "3." found where 2. was expected', 'sub-point "(b)" found where (a) was expected'])
  })

  it('reads (i) as a roman sub-sub-point, but as a letter after (h)', () => {
    const roman = importUnText('- 1. P.\n- (a) A.\n- (i) Roman one.\n- (ii) Roman two.')
    const romanNode = documentSchema().nodeFromJSON(roman.doc)
    expect(computeNumbering(romanNode).map((i) => i.reference)).toEqual(['1', '1(a)', '1(a)(i)', '1(a)(ii)'])
    const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((l) => `- (${l}) ${l}.`).join('\n')
    const alpha = documentSchema().nodeFromJSON(importUnText(`- 1. P.\n${letters}`).doc)
    expect(computeNumbering(alpha).at(-1)!.reference).toBe('1(i)')
  })
})
