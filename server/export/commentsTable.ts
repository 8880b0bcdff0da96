import { AlignmentType, Document, Header, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import { DISPOSITION_LABELS, answerLabel, type DispositionView } from '../../shared/dispositions/types.js'
import { messageLine, messageText } from '../../shared/comments/format.js'
import { toCsv } from './csv.js'
import { signersLine } from '../../shared/signers/delegationsOf.js'

/** Sort key of a paragraph reference: "6(b)(ii)" after "6(b)", before "7"; unnumbered last. */
function refKey(ref: string | null): string {
  if (!ref) return '~'
  return ref.replace(/\d+/g, (n) => n.padStart(4, '0'))
}

/** Plain code point order: the locale's would put refKey's "~" before the digits. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The comments matrix's columns, the same in CSV and Word. */
export const COMMENTS_TABLE_HEADER = ['paragraph', 'delegation(s)', 'comment or proposed text', 'disposition', 'explanation', 'answering paragraph']

/** Each column's share of the Word table's width, in percent: the texts get the room. */
const COLUMN_PERCENT = [7, 13, 34, 10, 26, 10]

/** The four cells a disposition fills, or what stands in for one: the chair's decision on a proposal, a feedback update that answers a thread. */
interface Answer {
  disposition: string
  explanation: string
  answering: string
}

/** A row of the table, with what it is sorted by. */
interface Row {
  ref: string | null
  createdAt: string
  cells: string[]
}

const answerOf = (d: DispositionView): Answer => ({ disposition: DISPOSITION_LABELS[d.value], explanation: d.explanation, answering: answerLabel(d.answer, d.documentId) })

/** A thread: its author's delegation, the comment with its replies one per line under it ("Name (Delegation): text"). */
function threadRow(t: ThreadView, d: DispositionView | undefined): Row {
  const [first, ...replies] = t.messages
  const answer = d ? answerOf(d) : { disposition: '', explanation: t.answeredBy ? `Answered in feedback: ${t.answeredBy.title}` : '', answering: '' }
  const ref = t.paraRef ?? t.paraRefAtCreation
  const comment = [first ? messageText(first) : '', ...replies.map(messageLine)].join('\n')
  return { ref, createdAt: t.createdAt, cells: [ref ?? '', signersLine(t, 'en').names || t.author.name, comment, answer.disposition, answer.explanation, answer.answering] }
}

const KIND_LABEL = { insert: 'Insert', delete: 'Delete', format: 'Format' } as const
const KIND_TEXT = { insert: 'inserted', delete: 'deleted', format: 'formatted' } as const
const DECIDED = { accepted: 'Accepted', rejected: 'Rejected' } as const

/** "Brazil (supported by Chile, Norway)": the proposal's delegation and the other delegations that joined it. */
export function proposalDelegations(p: Pick<ProposalView, 'delegation' | 'author' | 'supporters'>): string {
  // A joint proposal is made on behalf of its co-signers too: "Brazil, Chile and Norway".
  const own = signersLine(p, 'en').names
  const others = [...new Set(p.supporters.map((s) => s.delegation))].filter((d) => d && d !== own)
  const support = others.length ? `(supported by ${others.join(', ')})` : ''
  return [own, support].filter(Boolean).join(' ')
}

/** Without a disposition, a proposal's row says what became of it: the chair's decision and reason, or its withdrawal. */
function decisionOf(p: ProposalView): Answer {
  const decidedBy = p.decidedBy ? ` by ${p.decidedBy.name}` : ''
  const disposition = p.state === 'accepted' || p.state === 'rejected' ? `${DECIDED[p.state]}${decidedBy}` : p.state === 'withdrawn' ? 'Withdrawn by its author' : ''
  return { disposition, explanation: p.reason ?? '', answering: '' }
}

/** A proposal: its delegations, the change it proposes ("Insert: …", "Delete: …", "Format: …", one line each, in the order it makes them). */
function proposalRow(p: ProposalView, d: DispositionView | undefined): Row {
  const answer = d ? answerOf(d) : decisionOf(p)
  const change = p.kinds.map((kind) => `${KIND_LABEL[kind]}: ${p[KIND_TEXT[kind]]}`).join('\n')
  return { ref: p.paraRef, createdAt: p.createdAt, cells: [p.paraRef ?? '', proposalDelegations(p), change, answer.disposition, answer.explanation, answer.answering] }
}

/**
 * The comments matrix of a document, sorted by paragraph (then by time): one row per thread and per
 * proposal, with the disposition recorded for it. Only what the viewer may see is included (threads,
 * proposals and dispositions come from the viewer's view).
 */
export function commentsTableRows(threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = []): string[][] {
  const of = new Map(dispositions.map((d) => [d.targetId, d]))
  return [...threads.map((t) => threadRow(t, of.get(t.id))), ...proposals.map((p) => proposalRow(p, of.get(p.id)))]
    .sort((a, b) => byCodePoint(refKey(a.ref), refKey(b.ref)) || a.createdAt.localeCompare(b.createdAt))
    .map((row) => row.cells)
}

/** The comments matrix as CSV (RFC 4180, CRLF). */
export function commentsTableCsv(threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = []): string {
  return toCsv(COMMENTS_TABLE_HEADER, commentsTableRows(threads, proposals, dispositions))
}

/** What the Word matrix's page header says besides the title. */
export interface MatrixHeading {
  /** The comment round ("First reading"), when there is one. */
  round?: string
  /** The date of the compilation, as written in the header. */
  date: string
}

/** "30 November 2026": the date as a UN document's header writes it. */
export const matrixDate = (at: Date = new Date()) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at)

/**
 * The comments matrix as a Word document: landscape, a page header on every page with the
 * document's title, the round and the date, then one table (its header row repeated on every page,
 * fixed column widths) with a row per thread and per proposal.
 */
export async function commentsTableDocx(title: string, threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = [], heading: MatrixHeading = { date: matrixDate() }): Promise<Buffer> {
  const rows = commentsTableRows(threads, proposals, dispositions)
  const cell = (text: string, column: number, bold = false) =>
    new TableCell({
      width: { size: COLUMN_PERCENT[column], type: WidthType.PERCENTAGE },
      children: (text || ' ').split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, size: 18 })] })),
    })
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    // Twips of a landscape A4 page's text width (16838 less two 1440 margins), shared as the percentages say.
    columnWidths: COLUMN_PERCENT.map((p) => Math.round((13958 * p) / 100)),
    rows: [
      new TableRow({ tableHeader: true, children: COMMENTS_TABLE_HEADER.map((h, i) => cell(h.charAt(0).toUpperCase() + h.slice(1), i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i)) })),
    ],
  })
  const headerLine = [`Comments matrix: ${title}`, heading.round, heading.date].filter(Boolean).join(' · ')
  const document = new Document({
    title: `Comments matrix: ${title}`,
    creator: 'Plenary',
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerLine, size: 18 })] })] }) },
        children: [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`Comments on “${title}”`)] }), table],
      },
    ],
  })
  return Packer.toBuffer(document)
}
