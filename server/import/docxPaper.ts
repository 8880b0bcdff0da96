import type { PaperFields } from '../../shared/paper.js'
import { isoDayOf, paperLine } from '../../shared/import/paperHeader.js'
import type { DocxFile } from './docxFile.js'

/** Longest part read for the fields: a custom properties part or a page header is a few kilobytes; past this it is not read. */
const MAX_PART_CHARS = 64 * 1024
/** Page headers looked at: Word names them header1.xml, header2.xml … (default, first page, even pages per section). */
const MAX_HEADERS = 6

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })

/** A part's text, or null when the file has no such part or it is too long to be one of these. */
async function part(file: DocxFile, name: string): Promise<string | null> {
  if (!file.exists(name)) return null
  // Read as bytes: reading with an encoding would pass the part through the tracked-change rewrite meant for the body.
  const text = new TextDecoder().decode((await file.read(name)) as Uint8Array)
  return text.length > MAX_PART_CHARS ? null : text
}

/**
 * The paper's fields the Word file keeps as custom document properties (docProps/custom.xml), named
 * Symbol, Distribution, Date and Session as Plenary's Word export writes them; the date as an ISO day,
 * a Word date-time or a written date.
 */
export async function docxCustomPaper(file: DocxFile): Promise<Partial<PaperFields>> {
  const xml = await part(file, 'docProps/custom.xml')
  if (!xml) return {}
  const found: Partial<PaperFields> = {}
  // Each property's opening tag, then its content up to its closing tag, found with indexOf (a
  // regular expression with open gaps here was quadratic on a crafted part).
  const opening = /<(?:\w{1,20}:)?property\b([^>]{0,2000})>/g
  for (let m = opening.exec(xml); m; m = opening.exec(xml)) {
    const name = (/\bname="([^"]{1,40})"/.exec(m[1])?.[1] ?? '').toLowerCase()
    const from = m.index + m[0].length
    const to = xml.indexOf('property>', from)
    if (to < 0) break
    // The next property is looked for after this one's end: every byte is read once.
    opening.lastIndex = to
    if (!name) continue
    const value = unescapeXml(xml.slice(from, xml.lastIndexOf('<', to)).replace(/<[^>]*>/g, '')).trim()
    if (!value) continue
    if (name === 'date') {
      const day = isoDayOf(/^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value)
      if (day) found.date = day
    } else if (name === 'symbol' || name === 'distribution' || name === 'session') found[name] = value
  }
  return found
}

/** The symbol a page header holds on a line of its own ("C/105/CRP/3" from page 2 on), or null. */
export async function docxHeaderSymbol(file: DocxFile): Promise<string | null> {
  for (let n = 1; n <= MAX_HEADERS; n++) {
    const xml = await part(file, `word/header${n}.xml`)
    if (!xml) continue
    for (const paragraph of xml.split(/<\/w:p>/)) {
      const text = unescapeXml([...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
      const symbol = paperLine(text)?.symbol
      if (symbol) return symbol
    }
  }
  return null
}
