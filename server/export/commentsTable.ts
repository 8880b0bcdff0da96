import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { ThreadView } from '../../shared/comments/types.js'
import { messageLine, messageText } from '../../shared/comments/format.js'
import { toCsv } from './csv.js'

/** Sort key of a paragraph reference: "6(b)(ii)" after "6(b)", before "7"; unnumbered last. */
function refKey(ref: string | null): string {
  if (!ref) return '~'
  return ref.replace(/\d+/g, (n) => n.padStart(4, '0'))
}

export const COMMENTS_TABLE_HEADER = ['paragraph', 'quoted passage', 'delegation', 'author', 'comment', 'replies', 'status', 'disposition']

/**
 * The compiled comments table of a document, one row per thread, sorted by paragraph: paragraph
 * reference, quoted passage, delegation, author, comment, replies (one per line), status, disposition.
 * Only what the viewer may see is included (threads come from the viewer's view).
 */
export function commentsTableRows(threads: ThreadView[]): string[][] {
  return [...threads]
    .sort((a, b) => refKey(a.paraRef ?? a.paraRefAtCreation).localeCompare(refKey(b.paraRef ?? b.paraRefAtCreation)) || a.createdAt.localeCompare(b.createdAt))
    .map((t) => {
      const [first, ...replies] = t.messages
      const disposition = t.answeredBy ? `Answered in feedback: ${t.answeredBy.title}` : t.anchorState === 'orphaned' ? 'Original text deleted' : ''
      return [
        t.paraRef ?? t.paraRefAtCreation ?? '',
        t.quote?.exact ?? '',
        t.author.delegation,
        t.author.name,
        first ? messageText(first) : '',
        replies.map(messageLine).join('\n'),
        t.status,
        disposition,
      ]
    })
}

/** The comments table as CSV (RFC 4180, CRLF). */
export function commentsTableCsv(threads: ThreadView[]): string {
  return toCsv(COMMENTS_TABLE_HEADER, commentsTableRows(threads))
}

/**
 * The compiled comments table as a Word document: a title, then one table (header row repeated
 * on every page) with a row per thread; replies one per line.
 */
export async function commentsTableDocx(title: string, threads: ThreadView[]): Promise<Buffer> {
  const header = COMMENTS_TABLE_HEADER
  const rows = commentsTableRows(threads)
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: (text || ' ').split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, size: 18 })] })),
    })
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h.charAt(0).toUpperCase() + h.slice(1), true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v) => cell(v)) })),
    ],
  })
  const document = new Document({
    title: `Comments on ${title}`,
    creator: 'Plenary',
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`Comments on “${title}”`)] }), table],
      },
    ],
  })
  return Packer.toBuffer(document)
}
