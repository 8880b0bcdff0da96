import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** A box in PDF points, from the page's top left corner (as pdftotext writes it). */
export interface Box {
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

export interface PdfWord extends Box {
  text: string
}

/** One line as pdftotext laid it out: its words and the box around them. */
export interface PdfLine extends Box {
  text: string
  words: PdfWord[]
}

export interface PdfPage {
  width: number
  height: number
  lines: PdfLine[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const unescape = (text: string) => text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (entity, name: string) => (name[0] === '#' ? String.fromCodePoint(Number(name[1].toLowerCase() === 'x' ? `0${name.slice(1)}` : name.slice(1))) : (ENTITIES[name] ?? entity)))
const boxOf = (attributes: string): Box => {
  const value = (name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(attributes)?.[1])
  return { xMin: value('xMin'), yMin: value('yMin'), xMax: value('xMax'), yMax: value('yMax') }
}

/** One page's words and lines with their boxes, read with poppler's `pdftotext -bbox-layout` (pages count from 1). */
export async function pdfLayout(pdfFile: string, page = 1): Promise<PdfPage> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', '-f', String(page), '-l', String(page), pdfFile, '-'])
  const size = /<page width="([\d.]+)" height="([\d.]+)">/.exec(stdout)
  if (!size) throw new Error(`pdftotext found no page ${page} in ${pdfFile}`)
  const lines = [...stdout.matchAll(/<line ([^>]*)>([\s\S]*?)<\/line>/g)].map(([, attributes, inner]) => {
    const words = [...inner.matchAll(/<word ([^>]*)>([\s\S]*?)<\/word>/g)].map(([, a, text]) => ({ ...boxOf(a), text: unescape(text) }))
    return { ...boxOf(attributes), text: words.map((w) => w.text).join(' '), words }
  })
  return { width: Number(size[1]), height: Number(size[2]), lines }
}

/** The first line whose whole text is `text` (or matches it, a RegExp), or an error listing the page's lines. */
export function lineWith(page: PdfPage, text: string | RegExp): PdfLine {
  const line = page.lines.find((l) => (typeof text === 'string' ? l.text === text : text.test(l.text)))
  if (!line) throw new Error(`no line ${String(text)} on the page; its lines: ${page.lines.map((l) => l.text).join(' | ')}`)
  return line
}

/** The box around all the page's lines: its left and right are the text's margins (a flush-right line ends at `xMax`). */
export function textBox(page: PdfPage): Box {
  return {
    xMin: Math.min(...page.lines.map((l) => l.xMin)),
    yMin: Math.min(...page.lines.map((l) => l.yMin)),
    xMax: Math.max(...page.lines.map((l) => l.xMax)),
    yMax: Math.max(...page.lines.map((l) => l.yMax)),
  }
}

/** How far a box's horizontal centre is from the page's, as a share of the page's width (0: centred). */
export const offCentre = (page: PdfPage, box: Box) => Math.abs((box.xMin + box.xMax) / 2 - page.width / 2) / page.width

/** The page count pdfinfo reads. */
export async function pdfPages(pdfFile: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdfFile])
  return Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1])
}

/** One page's text as pdftotext reads it, in reading order. */
export async function pdfText(pdfFile: string, page: number): Promise<string> {
  return (await run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdfFile, '-'])).stdout
}

/** Renders one page to `pngBase`.png with pdftoppm at `dpi` (the file name it writes). */
export async function renderPage(pdfFile: string, page: number, pngBase: string, dpi = 60): Promise<string> {
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', pdfFile, pngBase])
  return `${pngBase}.png`
}
