import { describe, expect, it } from 'vitest'
import { PaperFieldsSchema } from '../../shared/types.js'
import { NO_PAPER_FIELDS, paperProblem, type PaperFields } from '../../shared/paper.js'

describe('the page checks paper fields by the server’s rules without its schema library', () => {
  it('refuses exactly what PUT /api/documents/:id/paper refuses, and names the field', () => {
    const cases: Array<Partial<PaperFields>> = [
      {},
      { symbol: 'C/105/CRP/20', distribution: 'English only', date: '2014-11-26', session: '105th Session' },
      { symbol: '  C/105/CRP/20  ' },
      { symbol: 'x'.repeat(100) },
      { symbol: 'x'.repeat(101) },
      { distribution: ` ${'y'.repeat(100)} ` },
      { session: 'a\nb' },
      { session: 'a\u200bb' },
      { symbol: 'a\u2028b' },
      { symbol: 'C/105/\ud83d' },
      { symbol: '\udc10C/105' },
      { symbol: 'C/105/\u{1d510}' },
      { distribution: 'tab\there' },
      { date: '2014-02-30' },
      { date: '26 November 2014' },
      { date: '2016-02-29' },
      { date: '' },
    ]
    for (const c of cases) {
      const fields = { ...NO_PAPER_FIELDS, ...c }
      const server = PaperFieldsSchema.safeParse(fields)
      const page = paperProblem(fields)
      expect(page === null, JSON.stringify(c)).toBe(server.success)
      if (!server.success) expect(page?.field, JSON.stringify(c)).toBe(server.error.issues[0].path[0])
    }
    // Half of a character (a lone surrogate) is refused; a whole one beyond the first plane is a character like any other.
    expect(paperProblem({ ...NO_PAPER_FIELDS, symbol: 'C/105/\ud83d' })).toEqual({ field: 'symbol', kind: 'oneLine' })
    expect(paperProblem({ ...NO_PAPER_FIELDS, symbol: 'C/105/\u{1d510}' })).toBeNull()
  })
})
