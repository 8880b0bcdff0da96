import { describe, expect, it } from 'vitest'
import { AlignmentType, Document, Header, Packer, Paragraph } from 'docx'
import { serverSuite } from '../helpers/serverSuite.js'
import { castClients } from '../helpers/castClients.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const EMPTY = { symbol: '', distribution: '', date: '', session: '' }

/** A Word file made by the docx library: its custom properties, its page header's lines, its paragraphs (right-aligned or centred with a prefix). */
function wordFile(p: { properties?: Record<string, string>; header?: string[]; lines: string[] }): Promise<Buffer> {
  const paragraph = (line: string) => {
    const [, how, text] = /^(>|\^)?(.*)$/.exec(line)!
    return new Paragraph({ text, alignment: how === '>' ? AlignmentType.RIGHT : how === '^' ? AlignmentType.CENTER : undefined })
  }
  return Packer.toBuffer(
    new Document({
      customProperties: Object.entries(p.properties ?? {}).map(([name, value]) => ({ name, value })),
      sections: [{ headers: p.header ? { default: new Header({ children: p.header.map((line) => new Paragraph(line)) }) } : undefined, children: p.lines.map(paragraph) }],
    }),
  )
}

describe('importing a Word file keeps the paper’s header fields', () => {
  const suite = serverSuite()
  const { call } = castClients(suite)
  const importWord = async (title: string, file: Buffer) => {
    const res = await fetch(`${suite.server.url}/api/documents/import?title=${encodeURIComponent(title)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.server.people.chair.token}`, 'content-type': DOCX },
      body: new Blob([new Uint8Array(file)]),
    })
    expect(res.status).toBe(201)
    const { document, warnings } = (await res.json()) as { document: { id: string }; warnings: string[] }
    const summary = (await call('swiss', 'GET', `/api/documents/${document.id}`)).json
    const text = (await call('swiss', 'GET', `/api/documents/${document.id}/content`)).json.text as string
    return { paper: summary.paper, text, warnings }
  }

  it('reads them from the file’s custom properties, as Plenary’s Word export writes them', async () => {
    const file = await wordFile({
      properties: { Symbol: 'C/105/CRP/3', Distribution: 'English only', Date: '2014-11-26', Session: '105th Session' },
      lines: ['^CONFERENCE ROOM PAPER', '1. The Council met.'],
    })
    const { paper, text, warnings } = await importWord('From properties', file)
    expect(paper).toEqual({ symbol: 'C/105/CRP/3', distribution: 'English only', date: '2014-11-26', session: '105th Session' })
    expect(text).toBe('CONFERENCE ROOM PAPER\n1. The Council met.')
    expect(warnings).toEqual([])
  })

  it('reads them from the first paragraphs, which leave the text, and the symbol from the page header', async () => {
    const file = await wordFile({
      header: ['MC/2412'],
      lines: ['>English only 26 November 2014', '^CONFERENCE ROOM PAPER', '^COUNCIL', '^105th Session', '^ON THE WORKING GROUP ON IOM-UN RELATIONS', '1. The Council met.', '2. General'],
    })
    const { paper, text } = await importWord('From the text', file)
    expect(paper).toEqual({ symbol: 'MC/2412', distribution: 'English only', date: '2014-11-26', session: '105th Session' })
    // A numbered paragraph is not a header line, whatever it says.
    expect(text).toBe('CONFERENCE ROOM PAPER\nCOUNCIL\nON THE WORKING GROUP ON IOM-UN RELATIONS\n1. The Council met.\n2. General')
  })

  it('prefers the properties to the text, takes the text’s lines out all the same, and warns of a property it cannot keep', async () => {
    const file = await wordFile({
      properties: { Date: '2015-01-02T00:00:00Z', Session: `${'Very long '.repeat(11)}session`, Symbol: 'A/RES/70/1' },
      header: ['MC/2412'],
      lines: ['>Restricted 26 November 2014', '^COUNCIL', '1. The Council met.'],
    })
    const { paper, text, warnings } = await importWord('Both', file)
    expect(paper).toEqual({ symbol: 'A/RES/70/1', distribution: 'Restricted', date: '2015-01-02', session: '' })
    expect(text).toBe('COUNCIL\n1. The Council met.')
    expect(warnings).toEqual([expect.stringMatching(/^the paper's session "Very long .*" was not kept: session must be at most 100 characters$/)])
  })

  it('leaves them empty for a Word file that has none', async () => {
    const { paper, text } = await importWord('None', await wordFile({ lines: ['^COUNCIL', '1. The Council met.'] }))
    expect(paper).toEqual(EMPTY)
    expect(text).toBe('COUNCIL\n1. The Council met.')
  })
})
