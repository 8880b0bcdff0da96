import { AlignmentType, Footer, Header, PageNumber, Paragraph, TextRun, type IStylesOptions, type ISectionPropertiesOptions } from 'docx'
import type { Language } from '../../shared/i18n/languages.js'
import { paperDate, type PaperFields } from '../../shared/paper.js'

/**
 * Plenary's built-in template: a sober UN-style paper. Times New Roman 12 in black throughout,
 * titles bold and centred, A4 with UN margins, the symbol, distribution line and date flush right at
 * the top of page 1, the symbol in the page header and "- 2 -" centred in the footer from page 2.
 * A group's own Word template (wordTemplate.ts) replaces the styles, page and header and footer.
 */
export const PAPER_FONT = 'Times New Roman'
/** Half-points: 12 pt. */
const SIZE = 24
const BLACK = '000000'

/** A4 in twips (210 × 297 mm). */
export const A4 = { width: 11906, height: 16838 }
/** UN margins in twips: 2.5 cm top and bottom, 2.2 cm at the sides; header and footer 1.25 cm from the edge. */
export const UN_MARGINS = { top: 1418, bottom: 1418, left: 1247, right: 1247, header: 709, footer: 709 }

const heading = { run: { font: PAPER_FONT, size: SIZE, bold: true, color: BLACK }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, keepNext: true } }

/** The style of the title block's lines that are not titles ("CONFERENCE ROOM PAPER", "COUNCIL", the session): bold, centred. */
export const TITLE_BLOCK_STYLE = 'TitleBlock'

/** The built-in styles: every style the export uses, black, in the paper's font. */
export const PAPER_STYLES = {
  default: {
    document: { run: { font: PAPER_FONT, size: SIZE, color: BLACK }, paragraph: { spacing: { after: 120 } } },
    title: heading,
    heading1: heading,
    heading2: heading,
    heading3: { ...heading, run: { ...heading.run, italics: false } },
    hyperlink: { run: { color: BLACK, underline: {} } },
  },
  paragraphStyles: [{ id: TITLE_BLOCK_STYLE, name: 'Title block', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { bold: true }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 120 }, keepNext: true } }],
} satisfies IStylesOptions

/** Page 1 has its own (empty) header and footer: the symbol and page number start on page 2, as on a UN paper. */
export const PAPER_PAGE: ISectionPropertiesOptions = {
  page: { size: A4, margin: UN_MARGINS },
  titlePage: true,
}

/** The flush-right lines at the top of page 1: symbol (bold), distribution line, date. */
export function paperTopRight(fields: PaperFields, language: Language): Paragraph[] {
  const lines = [
    { text: fields.symbol, bold: true },
    { text: fields.distribution, bold: false },
    { text: paperDate(fields, language), bold: false },
  ].filter((l) => l.text)
  return lines.map((l, i) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: i === lines.length - 1 ? 480 : 0 }, children: [new TextRun({ text: l.text, bold: l.bold })] }))
}

/** The page header from page 2: the symbol, flush right; page 1's header is empty. */
export function paperHeaders(fields: PaperFields) {
  return {
    first: new Header({ children: [new Paragraph({})] }),
    default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: fields.symbol ? [new TextRun({ text: fields.symbol })] : [] })] }),
  }
}

/** The footer from page 2: "- 2 -", centred (a PAGE field); page 1's footer is empty. */
export function paperFooters() {
  return {
    first: new Footer({ children: [new Paragraph({})] }),
    default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })] })] }),
  }
}

/** The fields as Word custom document properties (Symbol, Distribution, Date, Session): a template's DOCPROPERTY fields show them. */
export function paperProperties(fields: PaperFields, language: Language) {
  const values = { Symbol: fields.symbol, Distribution: fields.distribution, Date: paperDate(fields, language), Session: fields.session }
  return Object.entries(values)
    .filter(([, value]) => value)
    .map(([name, value]) => ({ name, value }))
}
