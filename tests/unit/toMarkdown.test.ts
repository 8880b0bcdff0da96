import { describe, expect, it } from 'vitest'
import { toMarkdown } from '../../server/export/toMarkdown.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { dgResponseDocument, chairReportOutline } from '../../server/seed/seedExampleWorkspace.js'

describe('Markdown export', () => {
  it('writes the DG response with its computed numbering as text', () => {
    const md = toMarkdown(documentSchema().nodeFromJSON(dgResponseDocument()))
    const lines = md.split('\n').filter(Boolean)
    // The distribution line and date are the paper's fields, not text.
    expect(lines[0]).toBe('CONFERENCE ROOM PAPER')
    expect(lines).toContain('# ON THE WORKING GROUP ON IOM-UN RELATIONS AND THE IOM STRATEGY')
    expect(lines.find((l) => l.startsWith('1\\. '))).toMatch(/^1\\. I wish to thank/)
    expect(lines.find((l) => l.startsWith('    (b) '))).toMatch(/^ {4}\(b\) Second, I have also said/)
    expect(lines.filter((l) => /^\d+\\\. /.test(l))).toHaveLength(8)
    expect(lines.filter((l) => /^ {4}\([a-d]\) /.test(l))).toHaveLength(7)
    expect(lines.at(-1)).toMatch(/^8\\\. I would provide regular feedback/)
  })

  it('keeps headings, marks and links of the outline', () => {
    const doc = documentSchema().nodeFromJSON({
      type: 'doc',
      content: [
        ...chairReportOutline().content!,
        { type: 'paragraph', content: [{ type: 'text', text: 'See ' }, { type: 'text', text: 'IOM', marks: [{ type: 'link', attrs: { href: 'https://www.iom.int' } }, { type: 'bold' }] }] },
      ],
    })
    const md = toMarkdown(doc)
    expect(md).toContain('## Findings')
    expect(md).toContain('2\\. \\[Findings of the Working Group.\\]')
    expect(md).toContain('See [**IOM**](https://www.iom.int)')
  })
})
