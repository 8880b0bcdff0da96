import { AlignmentType, Document, Header, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import { answerLabel, type DispositionView } from '../../shared/dispositions/types.js'
import { messageLine, messageText } from '../../shared/comments/format.js'
import { toCsv } from './csv.js'
import { signersLine } from '../../shared/signers/delegationsOf.js'
import { A4, PAPER_STYLES, paperFooters } from './paperLayout.js'
import type { Language } from '../../shared/i18n/languages.js'
import { EXPORT_LOCALES, exportDateLine, exportWord, labelled, type ExportWordKey } from '../../shared/i18n/exportWords.js'

/** Sort key of a paragraph reference: "6(b)(ii)" after "6(b)", before "7"; unnumbered last. */
function refKey(ref: string | null): string {
  if (!ref) return '~'
  return ref.replace(/\d+/g, (n) => n.padStart(4, '0'))
}

/** Plain code point order: the locale's would put refKey's "~" before the digits. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const COLUMNS: ExportWordKey[] = ['column.paragraph', 'column.delegations', 'column.comment', 'column.disposition', 'column.explanation', 'column.answering']

/** The comments matrix's columns in the document's language, the same in CSV and Word (where each starts with a capital). */
export const commentsTableHeader = (language: Language = 'en') => COLUMNS.map((key) => exportWord(language, key))

/** The comments matrix's columns in English. */
export const COMMENTS_TABLE_HEADER = commentsTableHeader('en')

/** Each column's share of the Word table's width, in percent: the texts get the room. */
const COLUMN_PERCENT = [9, 13, 33, 10, 25, 10]

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

const answerOf = (d: DispositionView, language: Language): Answer => ({
  disposition: exportWord(language, `disposition.${d.value}`),
  explanation: d.explanation,
  answering: answerLabel(d.answer, d.documentId, language),
})

/** A thread: its author's delegation, the comment with its replies one per line under it ("Name (Delegation): text"). */
function threadRow(t: ThreadView, d: DispositionView | undefined, language: Language): Row {
  const [first, ...replies] = t.messages
  const answer = d ? answerOf(d, language) : { disposition: '', explanation: t.answeredBy ? labelled(language, exportWord(language, 'answeredInFeedback'), t.answeredBy.title) : '', answering: '' }
  const ref = t.paraRef ?? t.paraRefAtCreation
  const comment = [first ? messageText(first, language) : '', ...replies.map((m) => messageLine(m, language))].join('\n')
  return { ref, createdAt: t.createdAt, cells: [ref ?? '', signersLine(t, EXPORT_LOCALES[language]).names || t.author.name, comment, answer.disposition, answer.explanation, answer.answering] }
}

const KIND_TEXT = { insert: 'inserted', delete: 'deleted', format: 'formatted' } as const

/** "Brazil (supported by Chile, Norway)": the proposal's delegation and the other delegations that joined it, in the document's language. */
export function proposalDelegations(p: Pick<ProposalView, 'delegation' | 'author' | 'supporters'>, language: Language = 'en'): string {
  // A joint proposal is made on behalf of its co-signers too: "Brazil, Chile and Norway".
  const own = signersLine(p, EXPORT_LOCALES[language]).names
  const others = [...new Set(p.supporters.map((s) => s.delegation))].filter((d) => d && d !== own)
  const support = others.length ? exportWord(language, 'proposal.supportedBy', { names: others.join(', ') }) : ''
  return [own, support].filter(Boolean).join(' ')
}

/** Without a disposition, a proposal's row says what became of it: the chair's decision and reason, or its withdrawal. */
function decisionOf(p: ProposalView, language: Language): Answer {
  const decided = (state: 'accepted' | 'rejected') => (p.decidedBy ? exportWord(language, `proposal.${state}By`, { name: p.decidedBy.name }) : exportWord(language, `proposal.${state}`))
  const disposition = p.state === 'accepted' || p.state === 'rejected' ? decided(p.state) : p.state === 'withdrawn' ? exportWord(language, 'proposal.withdrawn') : ''
  return { disposition, explanation: p.reason ?? '', answering: '' }
}

/** A proposal: its delegations, the change it proposes ("Insert: …", "Delete: …", "Format: …", one line each, in the order it makes them). */
function proposalRow(p: ProposalView, d: DispositionView | undefined, language: Language): Row {
  const answer = d ? answerOf(d, language) : decisionOf(p, language)
  const change = p.kinds.map((kind) => labelled(language, exportWord(language, `change.${kind}`), p[KIND_TEXT[kind]] ?? '')).join('\n')
  return { ref: p.paraRef, createdAt: p.createdAt, cells: [p.paraRef ?? '', proposalDelegations(p, language), change, answer.disposition, answer.explanation, answer.answering] }
}

/**
 * The comments matrix of a document, sorted by paragraph (then by time): one row per thread and per
 * proposal, with the disposition recorded for it. Only what the viewer may see is included (threads,
 * proposals and dispositions come from the viewer's view).
 */
export function commentsTableRows(threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = [], language: Language = 'en'): string[][] {
  const of = new Map(dispositions.map((d) => [d.targetId, d]))
  return [...threads.map((t) => threadRow(t, of.get(t.id), language)), ...proposals.map((p) => proposalRow(p, of.get(p.id), language))]
    .sort((a, b) => byCodePoint(refKey(a.ref), refKey(b.ref)) || a.createdAt.localeCompare(b.createdAt))
    .map((row) => row.cells)
}

/** The comments matrix as CSV (RFC 4180, CRLF), its header row and fixed words in the document's language. */
export function commentsTableCsv(threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = [], language: Language = 'en'): string {
  return toCsv(commentsTableHeader(language), commentsTableRows(threads, proposals, dispositions, language))
}

/** What the Word matrix's page header says besides the title. */
export interface MatrixHeading {
  /** The comment round ("First reading"), when there is one. */
  round?: string
  /** The date of the compilation, as written in the header; today in the document's language when not given. */
  date?: string
}

/** "30 November 2026" ("30 novembre 2026", "30 de noviembre de 2026"): the date as a UN document's header writes it. */
export const matrixDate = (at: Date = new Date(), language: Language = 'en') => exportDateLine(language, at)

/**
 * The comments matrix as a Word document: landscape, a page header on every page with the
 * document's title, the round and the date, then one table (its header row repeated on every page,
 * fixed column widths) with a row per thread and per proposal.
 */
export async function commentsTableDocx(title: string, threads: ThreadView[], proposals: ProposalView[] = [], dispositions: DispositionView[] = [], heading: MatrixHeading = {}, language: Language = 'en'): Promise<Buffer> {
  const rows = commentsTableRows(threads, proposals, dispositions, language)
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
      new TableRow({ tableHeader: true, children: commentsTableHeader(language).map((h, i) => cell(h.charAt(0).toUpperCase() + h.slice(1), i, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i)) })),
    ],
  })
  const matrixTitle = labelled(language, exportWord(language, 'matrix.title'), title)
  const headerLine = [matrixTitle, heading.round, heading.date ?? matrixDate(new Date(), language)].filter(Boolean).join(' · ')
  const document = new Document({
    title: matrixTitle,
    creator: 'Plenary',
    // The paper's built-in look (black Times New Roman, bold centred heading), landscape A4, "- 2 -" on every page.
    styles: PAPER_STYLES,
    sections: [
      {
        properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerLine, size: 18 })] })] }) },
        footers: { default: paperFooters().default },
        children: [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(exportWord(language, 'matrix.heading', { title }))] }), table],
      },
    ],
  })
  return Packer.toBuffer(document)
}
