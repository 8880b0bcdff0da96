import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { IStylesOptions } from 'docx'
import { DomainError } from '../http/DomainError.js'
import { readZipDirectory } from '../import/zipDirectory.js'
import { PAPER_STYLES, TITLE_BLOCK_STYLE } from './paperLayout.js'

/**
 * A group's Word template (.docx or .dotx), reduced when it is uploaded to what an export takes from
 * it: its styles (fonts, headings, paragraph spacing), its theme (the fonts "+Body" and "+Headings"
 * stand for), its page (size and margins) and its page headers and footers with their pictures.
 * Nothing else of the file is kept in exports: its text, macros, custom XML and links are dropped.
 */
export interface WordTemplate {
  /** word/styles.xml. */
  styles: string
  /** word/theme/theme1.xml, when it has one. */
  theme?: string
  /** The page's <w:pgSz/> and <w:pgMar/> elements, from the template's last section. */
  pageSize?: string
  pageMargins?: string
  /** Whether page 1 has its own header and footer (<w:titlePg/>). */
  titlePage: boolean
  headers: TemplateParts
  footers: TemplateParts
  /** The body text's font as the styles name it ("Arial"), to show who uploads it; '' when the theme decides. */
  font: string
}

/** A header or footer of the template by kind (default: every page; first: page 1 when titlePage). */
export type TemplateParts = Partial<Record<'default' | 'first', TemplatePart>>

export interface TemplatePart {
  xml: string
  /** Its relationships (pictures), when it has any. */
  rels?: string
  /** The pictures it shows, by their name under word/media/, base64. */
  media: Record<string, string>
}

/** What a template may weigh: the file, what it unzips to, its entries, its pictures. */
export const TEMPLATE_LIMITS = { maxBytes: 5 * 1024 * 1024, maxUnzippedBytes: 40 * 1024 * 1024, maxZipEntries: 2000, maxPartBytes: 4 * 1024 * 1024, maxKeptBytes: 12 * 1024 * 1024, maxMediaBytes: 2 * 1024 * 1024 }

const KINDS = ['default', 'first'] as const
const IMAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image'
const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink'
/** Fields that make Word fetch or run something when the file is opened: a header with one is not taken. */
const ACTIVE_FIELDS = /\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|MACROBUTTON|AUTOTEXT|DATABASE)\b/i
/** Attributes by which a part points outside itself (VML pictures, linked images): a header with one is not taken. */
const OUTSIDE_LINKS = /\b(r:link|r:href|o:href|src)\s*=/i
/** Longest tag read, and longest header or footer taken (a template's are a few kilobytes). */
const MAX_TAG = 4096
const MAX_PART_XML = 256 * 1024

/**
 * Every <name …> tag in xml, found with indexOf (never a regular expression with open gaps over
 * the whole of an uploaded file: crafted XML made those run for seconds, holding every request).
 * A tag longer than MAX_TAG is not a tag Word writes: it ends the search.
 */
function* tagsNamed(xml: string, name: string): Generator<string> {
  for (let at = xml.indexOf(`<${name}`); at >= 0; at = xml.indexOf(`<${name}`, at + 1)) {
    const next = xml.charCodeAt(at + name.length + 1)
    // The whole name: followed by a space, "/" or ">".
    if (next !== 32 && next !== 47 && next !== 62 && next !== 9 && next !== 10 && next !== 13) continue
    const end = xml.indexOf('>', at)
    if (end < 0 || end - at > MAX_TAG) return
    yield xml.slice(at, end + 1)
  }
}

/** An attribute's value in one tag (bounded by MAX_TAG), in either quotes; '' when absent. */
function attribute(tag: string, name: string): string {
  return new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}\\s*=\\s*(["'])([^"']*)\\1`).exec(tag)?.[2] ?? ''
}

/** Whether a part has a field that fetches or runs something, in a simple field's instruction or in a complex field's text (its pieces joined). */
function hasActiveField(xml: string): boolean {
  if (ACTIVE_FIELDS.test(plainText(xml))) return true
  for (const tag of tagsNamed(xml, 'w:fldSimple')) if (ACTIVE_FIELDS.test(plainText(attribute(tag, 'w:instr')))) return true
  return false
}

/** The text of XML without its tags, character references decoded: what Word reads a field instruction from. */
function plainText(xml: string): string {
  return xml
    .replace(/<[^>]*>/g, '')
    .replace(/&#(x[0-9a-f]+|\d+);/gi, (_, n: string) => String.fromCodePoint(n[0].toLowerCase() === 'x' ? parseInt(n.slice(1), 16) : Number(n)))
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!)
}

const notTemplate = (why: string) => new DomainError('unprocessable', 'not_a_word_template', `not a Word template: ${why}`)
const tooLarge = (what: string) => new DomainError('too_large', 'template_too_large', what)

interface Relationship {
  id: string
  type: string
  target: string
  external: boolean
}

/** The relationships of a .rels part. */
function relationships(xml: string): Relationship[] {
  return [...tagsNamed(xml, 'Relationship')].map((tag) => ({ id: attribute(tag, 'Id'), type: attribute(tag, 'Type'), target: attribute(tag, 'Target'), external: attribute(tag, 'TargetMode') !== '' && attribute(tag, 'TargetMode') !== 'Internal' }))
}

/** The first empty element <w:name …/> in xml, or undefined. */
const element = (xml: string, name: string) => {
  for (const tag of tagsNamed(xml, `w:${name}`)) if (tag.endsWith('/>')) return tag
  return undefined
}

/**
 * Reads an uploaded template within TEMPLATE_LIMITS: 413 template_too_large, 422 not_a_word_template.
 * Reads only the parts it keeps; never inflates an entry larger than maxPartBytes.
 */
export function readWordTemplate(file: Uint8Array): WordTemplate {
  if (file.byteLength > TEMPLATE_LIMITS.maxBytes) throw tooLarge(`a template is at most ${TEMPLATE_LIMITS.maxBytes} bytes`)
  try {
    readZipDirectory(file, TEMPLATE_LIMITS)
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'too_large') throw tooLarge(`it unzips to more than ${TEMPLATE_LIMITS.maxUnzippedBytes} bytes or has more than ${TEMPLATE_LIMITS.maxZipEntries} files`)
    throw notTemplate('the file is not a Word file (.docx or .dotx)')
  }
  const wanted = (name: string) => /^(word\/(styles|document)\.xml|word\/theme\/theme1\.xml|word\/_rels\/(document|header\d+|footer\d+)\.xml\.rels|word\/(header|footer)\d+\.xml|word\/media\/[\w.-]+)$/.test(name)
  let parts: Record<string, Uint8Array>
  let kept = 0
  try {
    parts = unzipSync(file, {
      filter: (f) => {
        if (!wanted(f.name)) return false
        kept += f.originalSize
        if (f.originalSize > TEMPLATE_LIMITS.maxPartBytes || kept > TEMPLATE_LIMITS.maxKeptBytes) throw tooLarge(`${f.name} is larger than ${TEMPLATE_LIMITS.maxPartBytes} bytes, or the parts read pass ${TEMPLATE_LIMITS.maxKeptBytes}`)
        return true
      },
    })
  } catch (err) {
    if (err instanceof DomainError) throw err
    throw notTemplate('its zip could not be read')
  }
  const text = (name: string) => (parts[name] ? strFromU8(parts[name]) : undefined)
  const styles = text('word/styles.xml')
  const document = text('word/document.xml')
  if (!styles || !styles.includes('<w:styles') || !document) throw notTemplate('it has no Word styles or no main document')
  const section = document.slice(document.lastIndexOf('<w:sectPr'))
  const documentRels = relationships(text('word/_rels/document.xml.rels') ?? '')
  let mediaBytes = 0

  /** The header or footer a section reference points at, with its pictures; undefined when it cannot be taken safely. */
  const part = (target: string): TemplatePart | undefined => {
    const name = `word/${target.replace(/^\/?word\//, '')}`
    const xml = text(name)
    if (!xml || xml.length > MAX_PART_XML || hasActiveField(xml) || OUTSIDE_LINKS.test(xml) || xml.includes('altChunk')) return undefined
    const relsName = name.replace(/^word\//, 'word/_rels/') + '.rels'
    const rels = text(relsName)
    const media: Record<string, string> = {}
    for (const rel of relationships(rels ?? '')) {
      if (rel.type === HYPERLINK && rel.external) continue
      const picture = rel.type === IMAGE && !rel.external && /^media\/[\w.-]+$/.test(rel.target) ? parts[`word/${rel.target}`] : undefined
      if (!picture) return undefined
      mediaBytes += picture.byteLength
      if (mediaBytes > TEMPLATE_LIMITS.maxMediaBytes) throw tooLarge(`the pictures of its headers and footers pass ${TEMPLATE_LIMITS.maxMediaBytes} bytes`)
      media[rel.target.slice('media/'.length)] = Buffer.from(picture).toString('base64')
    }
    return { xml, rels, media }
  }
  const references = (kind: 'header' | 'footer'): TemplateParts => {
    const out: TemplateParts = {}
    for (const tag of tagsNamed(section, `w:${kind}Reference`)) {
      const [type, id] = [attribute(tag, 'w:type'), attribute(tag, 'r:id')]
      const rel = documentRels.find((r) => r.id === id)
      const taken = rel && !rel.external ? part(rel.target) : undefined
      if (taken && (type === 'default' || type === 'first')) out[type] = taken
    }
    return out
  }
  const titlePg = element(section, 'titlePg')
  return {
    styles,
    theme: text('word/theme/theme1.xml'),
    pageSize: element(section, 'pgSz'),
    pageMargins: element(section, 'pgMar'),
    titlePage: !!titlePg && !/w:val="(0|false|off)"/.test(titlePg),
    headers: references('header'),
    footers: references('footer'),
    font: bodyFont(styles),
  }
}

/** The font the styles' document defaults name for body text ("Arial"), or ''. */
function bodyFont(styles: string): string {
  const from = styles.indexOf('<w:docDefaults>')
  const to = from < 0 ? -1 : styles.indexOf('</w:docDefaults>', from)
  if (to < 0) return ''
  const [fonts] = tagsNamed(styles.slice(from, to), 'w:rFonts')
  return fonts ? attribute(fonts, 'w:ascii') : ''
}

/**
 * The built-in styles the template lacks, by id: a template without "Heading2" or the title block's
 * style still gets ours for them; every style it has is its own (docx keeps an external style unless
 * a style with its id is given).
 */
export function stylesForTemplate(template: WordTemplate): IStylesOptions {
  const has = (id: string) => template.styles.includes(`w:styleId="${id}"`)
  const defaults = PAPER_STYLES.default
  const headingIds = { title: 'Title', heading1: 'Heading1', heading2: 'Heading2', heading3: 'Heading3', hyperlink: 'Hyperlink' } as const
  const missing = Object.fromEntries(Object.entries(headingIds).filter(([, id]) => !has(id)).map(([key]) => [key, defaults[key as keyof typeof headingIds]]))
  return { default: missing, paragraphStyles: has(TITLE_BLOCK_STYLE) ? [] : PAPER_STYLES.paragraphStyles }
}

/** The values the template's DOCPROPERTY fields show, by property name. */
export type FieldValues = Record<string, string>

/**
 * Writes each DOCPROPERTY field's current value as its shown result (Word and LibreOffice show the
 * result saved with the file until fields are updated), in simple fields (w:fldSimple) and complex
 * ones (begin, instruction, separate, result, end). One pass with indexOf: no regular expression
 * runs over the whole of a template's part.
 */
export function fillPropertyFields(xml: string, values: FieldValues): string {
  const simple = fillFields(xml, simpleFields(xml), values)
  return fillFields(simple, complexFields(simple), values)
}

/** The value a field instruction ("DOCPROPERTY Symbol \\* MERGEFORMAT") shows, XML-escaped; undefined for any other field. */
function propertyValue(instruction: string, values: FieldValues): string | undefined {
  if (instruction.length > 500) return undefined
  const name = /^\s*DOCPROPERTY\s+"?([\w ]{1,60}?)"?(?:\s|\\|$)/i.exec(instruction)?.[1]
  return name !== undefined && Object.hasOwn(values, name) ? escapeXml(values[name]) : undefined
}

/** The runs of a field's result with their text replaced by value (in the first w:t, the others emptied). */
function withResult(result: string, value: string): string {
  let first = true
  return result.replace(/<w:t(\s[^>]*)?>[^<]*<\/w:t>/g, () => (first ? ((first = false), `<w:t xml:space="preserve">${value}</w:t>`) : ''))
}

/** A field in a part: where it starts, its instruction (read only when asked), and where the runs of its result lie. */
interface FieldSpan {
  start: number
  instruction: () => string
  resultFrom: number
  resultTo: number
}

/** Each field of `fields` that shows a document property gets the property's value as its result; nested and overlapping fields are left as they are. */
function fillFields(xml: string, fields: Iterable<FieldSpan>, values: FieldValues): string {
  let out = ''
  let at = 0
  for (const field of fields) {
    if (field.start < at) continue
    const value = propertyValue(field.instruction(), values)
    if (value === undefined) continue
    out += xml.slice(at, field.resultFrom) + withResult(xml.slice(field.resultFrom, field.resultTo), value)
    at = field.resultTo
  }
  return out + xml.slice(at)
}

/** Simple fields: <w:fldSimple w:instr="…">result runs</w:fldSimple> (self-closing ones have no result). */
function* simpleFields(xml: string): Generator<FieldSpan> {
  for (const open of positions(xml, '<w:fldSimple')) {
    const tagEnd = xml.indexOf('>', open)
    const close = tagEnd < 0 ? -1 : xml.indexOf('</w:fldSimple>', tagEnd)
    if (close < 0 || tagEnd - open > MAX_TAG) return
    if (xml[tagEnd - 1] === '/') continue
    yield { start: open, instruction: () => plainText(attribute(xml.slice(open, tagEnd + 1), 'w:instr')), resultFrom: tagEnd + 1, resultTo: close }
  }
}

/** Complex fields: a begin mark, the instruction's runs, a separate mark, the result runs, an end mark. */
function* complexFields(xml: string): Generator<FieldSpan> {
  for (const begin of positions(xml, 'w:fldCharType="begin"')) {
    const separate = xml.indexOf('w:fldCharType="separate"', begin)
    const end = separate < 0 ? -1 : xml.indexOf('w:fldCharType="end"', separate)
    if (end < 0) return
    const instruction = () => plainText(xml.slice(begin, xml.lastIndexOf('<', separate)).replace(/^[^>]*>/, ''))
    yield { start: begin, instruction, resultFrom: xml.indexOf('>', separate) + 1, resultTo: xml.lastIndexOf('<', end) }
  }
}

/** Where text occurs in xml, in order. */
function* positions(xml: string, text: string): Generator<number> {
  for (let at = xml.indexOf(text); at >= 0; at = xml.indexOf(text, at + text.length)) yield at
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The export built by docx (with the template's styles already in it), given the template's theme,
 * page size and margins, and its headers and footers in place of the built-in ones: the template's
 * first-page ones on page 1 when it has a first page of its own, else its default ones there too.
 */
export function applyTemplate(docx: Uint8Array, template: WordTemplate, fields: FieldValues = {}): Buffer {
  const files = unzipSync(docx)
  const text = (name: string) => strFromU8(files[name])
  const put = (name: string, value: string) => (files[name] = strToU8(value))
  if (template.theme && files['word/theme/theme1.xml']) put('word/theme/theme1.xml', template.theme)
  let document = text('word/document.xml')
  if (template.pageSize) document = document.replace(/<w:pgSz\b[^>]*\/>/, template.pageSize)
  if (template.pageMargins) document = document.replace(/<w:pgMar\b[^>]*\/>/, template.pageMargins)
  put('word/document.xml', document)

  const rels = relationships(text('word/_rels/document.xml.rels'))
  const extensions = new Set<string>()
  for (const kind of ['header', 'footer'] as const) {
    const parts = kind === 'header' ? template.headers : template.footers
    if (!parts.default && !parts.first) continue
    for (const type of KINDS) {
      const id = new RegExp(`<w:${kind}Reference\\b[^>]*?w:type="${type}"[^>]*?r:id="([^"]+)"`).exec(document)?.[1]
      const target = rels.find((r) => r.id === id)?.target
      const taken = type === 'first' && template.titlePage ? parts.first : parts.default
      if (!target) continue
      const name = `word/${target}`
      // A first page the template leaves without its own header gets an empty one, as in the template.
      put(name, taken ? fillPropertyFields(taken.xml, fields) : emptyPart(kind))
      delete files[`word/_rels/${target}.rels`]
      if (!taken) continue
      // Pictures are renamed per part, so two parts' "image1.png" do not meet.
      let partRels = taken.rels
      for (const [media, base64] of Object.entries(taken.media)) {
        const renamed = `${target.replace(/\.xml$/, '')}-${media}`
        files[`word/media/${renamed}`] = new Uint8Array(Buffer.from(base64, 'base64'))
        partRels = partRels?.split(`Target="media/${media}"`).join(`Target="media/${renamed}"`)
        extensions.add(media.slice(media.lastIndexOf('.') + 1).toLowerCase())
      }
      if (partRels) put(`word/_rels/${target}.rels`, partRels)
    }
  }
  if (extensions.size) put('[Content_Types].xml', withImageTypes(text('[Content_Types].xml'), extensions))
  return Buffer.from(zipSync(files))
}

const emptyPart = (kind: 'header' | 'footer') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind === 'header' ? 'hdr' : 'ftr'} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:${kind === 'header' ? 'hdr' : 'ftr'}>`

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpeg: 'image/jpeg', jpg: 'image/jpeg', gif: 'image/gif', emf: 'image/x-emf', wmf: 'image/x-wmf', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', svg: 'image/svg+xml' }

/** [Content_Types].xml with a Default for each picture extension it lacks. */
function withImageTypes(types: string, extensions: Set<string>): string {
  const missing = [...extensions].filter((e) => !new RegExp(`<Default Extension="${e}"`, 'i').test(types))
  const defaults = missing.map((e) => `<Default Extension="${e}" ContentType="${IMAGE_TYPES[e] ?? 'application/octet-stream'}"/>`).join('')
  return types.replace('</Types>', `${defaults}</Types>`)
}
