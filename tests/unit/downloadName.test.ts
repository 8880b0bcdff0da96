import { describe, expect, it } from 'vitest'
import { documentFileName, downloadName } from '../../server/http/download.js'

/** encodeURIComponent throws on half a character: what the Content-Disposition header is built with. */
const wellFormed = (name: string) => {
  expect(() => encodeURIComponent(name)).not.toThrow()
  return name
}

describe('download names', () => {
  it('are cut at 120 characters, never inside one, so the header can always be written', () => {
    const title = `${'a'.repeat(119)}\u{1d510}\u{1d511}`
    expect(wellFormed(downloadName(title, [], 'md'))).toBe(`${'a'.repeat(119)}\u{1d510}.md`)
    // A symbol first moves the title: the cut still falls between characters.
    const symbol = 'S'.repeat(100)
    for (let pad = 0; pad < 4; pad++) wellFormed(documentFileName({ title: `${'t'.repeat(pad)}Report on quota \u{1d510} and \u{1d511}`, paper: { symbol } }, ['2026-12-01'], 'docx'))
  })

  it('make half a character (a lone surrogate) an underscore, and keep whole ones', () => {
    expect(wellFormed(downloadName('C/105/\ud83d', ['\udc10x'], 'pdf'))).toBe('C_105__ - _x.pdf')
    expect(downloadName('Règlement \u{1f4c4}', [], 'md')).toBe('Règlement \u{1f4c4}.md')
  })

  it('put the symbol first when the document has one, its slashes made underscores', () => {
    expect(documentFileName({ title: 'Report', paper: { symbol: 'C/105/CRP/20' } }, ['2026-12-01'], 'docx')).toBe('C_105_CRP_20 - Report - 2026-12-01.docx')
    expect(documentFileName({ title: 'Report', paper: { symbol: '' } }, ['2026-12-01'], 'docx')).toBe('Report - 2026-12-01.docx')
  })
})
