import { Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import { messageLine, messageText } from '../../shared/comments/format.js'
import { toCsv } from './csv.js'

/** Sort key of a paragraph reference: "6(b)(ii)" after "6(b)", before "7"; unnumbered last. */
function refKey(ref: string | null): string {
  if (!ref) return '~'
  return ref.replace(/\d+/g, (n) => n.padStart(4, '0'))
}

/** Plain code point order: the locale's would put refKey's "~" before the digits. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export const COMMENTS_TABLE_HEADER = ['paragraph', 'quoted passage', 'delegation', 'author', 'comment', 'replies', 'status', 'disposition']

/** A row of the table, with what it is sorted by. */
interface Row {
  ref: string | null
  createdAt: string
  cells: string[]
}

function threadRow(t: ThreadView): Row {
  const [first, ...replies] = t.messages
  const disposition = t.answeredBy ? `Answered in feedback: ${t.answeredBy.title}` : t.anchorState === 'orphaned' ? 'Original text deleted' : ''
  const ref = t.paraRef ?? t.paraRefAtCreation
  return {
    ref,
    createdAt: t.createdAt,
    cells: [ref ?? '', t.quote?.exact ?? '', t.author.delegation, t.author.name, first ? messageText(first) : '', replies.map(messageLine).join('\n'), t.status, disposition],
  }
}

const KIND_LABEL = { insert: 'Insert', delete: 'Delete', format: 'Format' } as const
const KIND_TEXT = { insert: 'inserted', delete: 'deleted', format: 'formatted' } as const
const DECIDED = { accepted: 'Accepted', rejected: 'Rejected' } as const

/** "Brazil (supported by Chile, Norway)": the proposal's delegation and the other delegations that joined it. */
export function proposalDelegations(p: Pick<ProposalView, 'delegation' | 'author' | 'supporters'>): string {
  const own = p.delegation ?? p.author.delegation
  const others = [...new Set(p.supporters.map((s) => s.delegation))].filter((d) => d && d !== own)
  const support = others.length ? `(supported by ${others.join(', ')})` : ''
  return [own, support].filter(Boolean).join(' ')
}

/**
 * A proposal as a row: the agreed text it concerns as the quoted passage, the proposed change as the
 * comment ("Insert: …", "Delete: …", "Format: …", one line each, in the order it makes them), its
 * state as the status, the chair's decision and reason as the disposition.
 */
function proposalRow(p: ProposalView): Row {
  const decidedBy = p.decidedBy ? ` by ${p.decidedBy.name}` : ''
  const decision = p.state === 'accepted' || p.state === 'rejected' ? `${DECIDED[p.state]}${decidedBy}` : p.state === 'withdrawn' ? 'Withdrawn by its author' : ''
  return {
    ref: p.paraRef,
    createdAt: p.createdAt,
    cells: [
      p.paraRef ?? '',
      p.deleted || p.formatted,
      proposalDelegations(p),
      p.author.name,
      p.kinds.map((kind) => `${KIND_LABEL[kind]}: ${p[KIND_TEXT[kind]]}`).join('\n'),
      '',
      p.state,
      decision && p.reason ? `${decision}: ${p.reason}` : decision,
    ],
  }
}

/**
 * The compiled comments table of a document, sorted by paragraph (then by time): one row per thread
 * (paragraph reference, quoted passage, delegation, author, comment, replies one per line, status,
 * disposition) and one per proposal, in the same columns (proposalRow). Only what the viewer may see
 * is included (threads and proposals come from the viewer's view).
 */
export function commentsTableRows(threads: ThreadView[], proposals: ProposalView[] = []): string[][] {
  return [...threads.map(threadRow), ...proposals.map(proposalRow)]
    .sort((a, b) => byCodePoint(refKey(a.ref), refKey(b.ref)) || a.createdAt.localeCompare(b.createdAt))
    .map((row) => row.cells)
}

/** The comments table as CSV (RFC 4180, CRLF). */
export function commentsTableCsv(threads: ThreadView[], proposals: ProposalView[] = []): string {
  return toCsv(COMMENTS_TABLE_HEADER, commentsTableRows(threads, proposals))
}

/**
 * The compiled comments table as a Word document: a title, then one table (header row repeated
 * on every page) with a row per thread and per proposal; replies one per line.
 */
export async function commentsTableDocx(title: string, threads: ThreadView[], proposals: ProposalView[] = []): Promise<Buffer> {
  const header = COMMENTS_TABLE_HEADER
  const rows = commentsTableRows(threads, proposals)
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
