import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JSONContent } from '@tiptap/core'
import { importUnText, sourceWordCount, countWords } from '../../shared/import/importUnText.js'
import { isoDayOf, paperLine, readPaperHeader } from '../../shared/import/paperHeader.js'
import { paperDate } from '../../shared/paper.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { computeNumbering } from '../../shared/schema/numbering.js'

const seed = fs.readFileSync(new URL('../../shared/fixtures/dg-response-council-105.txt', import.meta.url), 'utf8')
const { doc, warnings, paper } = importUnText(seed)
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

  it('reads the paper’s distribution, date and session from the header block', () => {
    expect(paper).toEqual({ symbol: '', distribution: 'English only', date: '2014-11-26', session: '105th Session' })
  })

  it('turns the rest of the header block into the document heading', () => {
    const header = doc.content![0]
    expect(header.type).toBe('docHeader')
    expect(header.content!.map((c) => [c.type, textOf(c)])).toEqual([
      ['paragraph', 'CONFERENCE ROOM PAPER'],
      ['paragraph', 'COUNCIL'],
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

  it('loses and duplicates no word: those of the header fields are in the fields', () => {
    const fieldWords = countWords([paper.symbol, paper.distribution, paperDate(paper, 'en'), paper.session].join(' '))
    expect(countWords(node.textBetween(0, node.content.size, ' ', ' ')) + fieldWords).toBe(sourceWordCount(seed))
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

describe('the paper’s header fields in an imported header block', () => {
  it('takes a symbol, a distribution line with or without a date, a date and a session out of the header, and keeps the rest', () => {
    const result = importUnText(['MC/2412', 'General', '3 March 2015', 'CONFERENCE ROOM PAPER', 'Hundred and fifth session', 'COUNCIL', 'A LONG TITLE OF THE PAPER IN CAPITAL LETTERS', '- 1. One.'].join('\n'))
    expect(result.paper).toEqual({ symbol: 'MC/2412', distribution: 'General', date: '2015-03-03', session: 'Hundred and fifth session' })
    expect(result.doc.content![0].content!.map(textOf)).toEqual(['CONFERENCE ROOM PAPER', 'COUNCIL', 'A LONG TITLE OF THE PAPER IN CAPITAL LETTERS'])
    expect(result.warnings).toEqual([])
  })

  it('leaves the fields empty, and the header as it was, when the header has none', () => {
    const result = importUnText('CONFERENCE ROOM PAPER\nCOUNCIL\n- 1. One.')
    expect(result.paper).toEqual({ symbol: '', distribution: '', date: '', session: '' })
    expect(result.doc.content![0].content!.map(textOf)).toEqual(['CONFERENCE ROOM PAPER', 'COUNCIL'])
  })

  it('recognises symbols, and only lines that are a symbol alone', () => {
    for (const symbol of ['C/105/CRP/3', 'MC/2412', 'A/RES/70/1', 'E/CN.4/2005/L.10', 'C/105/CRP/3/Rev.1', 'S/2015/1000']) expect(paperLine(symbol), symbol).toEqual({ symbol })
    for (const line of ['IOM-UN RELATIONS', 'C/105/CRP/3 and more', 'and/or', 'C', 'COUNCIL']) expect(paperLine(line)?.symbol, line).toBeUndefined()
  })

  it('recognises distribution lines, with the date when it follows on the same line', () => {
    expect(paperLine('English only 26 November 2014')).toEqual({ distribution: 'English only', date: '2014-11-26' })
    expect(paperLine('English and French only')).toEqual({ distribution: 'English and French only' })
    for (const distribution of ['General', 'Restricted', 'Limited', 'Distr.: General', 'RESTRICTED']) expect(paperLine(distribution), distribution).toEqual({ distribution })
    // A distribution word followed by something that is not a date is no field: it stays in the text.
    expect(paperLine('General Assembly')).toBeNull()
    expect(paperLine('Limited 2014-02-30')).toBeNull()
    expect(paperLine('Original: English')).toBeNull()
  })

  it('reads dates in English, French and Spanish, and refuses days that do not exist', () => {
    expect(isoDayOf('26 November 2014')).toBe('2014-11-26')
    expect(isoDayOf('November 26, 2014')).toBe('2014-11-26')
    expect(isoDayOf('1er décembre 2014')).toBe('2014-12-01')
    expect(isoDayOf('3 fevrier 2015')).toBe('2015-02-03')
    expect(isoDayOf('26 de noviembre de 2014')).toBe('2014-11-26')
    expect(isoDayOf('2014-11-26')).toBe('2014-11-26')
    for (const text of ['30 February 2014', '2014-02-30', '26 Novembre', 'November 2014', '26 Brumaire 2014']) expect(isoDayOf(text), text).toBeNull()
  })

  it('recognises sessions, and nothing else that ends a title', () => {
    for (const session of ['105th Session', 'Hundred and fifth session', 'Seventieth session', '105e session', '105.º período de sesiones']) expect(paperLine(session), session).toEqual({ session })
    for (const line of ['CONFERENCE ROOM PAPER', 'COUNCIL', 'Report of the Council on the work of its session.']) expect(paperLine(line), line).toBeNull()
  })

  it('takes each field from its first line only: a second symbol stays in the text', () => {
    const { paper: found, taken } = readPaperHeader(['C/105/CRP/3', 'C/105/CRP/4', 'English only', 'General'])
    expect(found).toEqual({ symbol: 'C/105/CRP/3', distribution: 'English only', date: '', session: '' })
    expect([...taken]).toEqual([0, 2])
  })

  it('leaves a line too long for a field in the text', () => {
    const symbol = `ABCDEFGHIJ${'/ABCDEFGHIJKLMNOPQRST'.repeat(8)}`
    const result = importUnText(`${symbol}\n105th Session\n- 1. One.`)
    expect(result.paper).toEqual({ symbol: '', distribution: '', date: '', session: '105th Session' })
    expect(result.doc.content![0].content!.map(textOf)).toEqual([symbol])
  })
})
