import type { ProposalKind } from '../../shared/amendments/proposal.js'

/** One tracked change of a Word file, as its attributes give it. */
export interface DocxRevision {
  kind: ProposalKind
  /** w:id, w:author and w:date ('' when missing). */
  wordId: string
  author: string
  date: string
  /** For a formatting change (w:rPrChange): the formats it adds and removes. */
  added: string[]
  removed: string[]
}

/** A main document part rewritten for mammoth, and its tracked changes by the number its bookmarks name. */
export interface MarkedDocument {
  xml: string
  revisions: DocxRevision[]
}

const WORDML = /\bxmlns:([\w.-]+)\s*=\s*["'](?:http:\/\/schemas\.openxmlformats\.org\/wordprocessingml\/2006\/main|http:\/\/purl\.oclc\.org\/ooxml\/wordprocessingml\/main)["']/
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g
const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

// Maps, not objects: an element named "constructor" must find nothing.
const WRAPPERS = new Map<string, ProposalKind>([['ins', 'insert'], ['moveTo', 'insert'], ['del', 'delete'], ['moveFrom', 'delete']])
const RENAMED = new Map([['delText', 't'], ['delInstrText', 'instrText']])
const FORMATS = new Map([['b', 'bold'], ['i', 'italic'], ['u', 'underline'], ['strike', 'strike']])

const decode = (value: string) => value.replace(ENTITY, (_, hex, dec, name) => (name ? NAMED[name] : String.fromCodePoint(parseInt(hex ?? dec, hex ? 16 : 10))))

function attributesOf(source: string): Map<string, string> {
  return new Map([...source.matchAll(ATTRIBUTE)].map((m) => [m[1], decode(m[2] ?? m[3])]))
}

/** Whether a format element (w:b, w:i, w:strike, w:u) turns its format on, read as mammoth reads it. */
function formatOn(local: string, val: string | undefined): boolean {
  if (local === 'u') return val !== undefined && val !== 'false' && val !== '0' && val !== 'none'
  return val !== 'false' && val !== '0'
}

interface Open {
  local: string | null
  /** A run: where its opening bookmark goes if its formatting changed, its formats now and before the change. */
  run?: { at: number; now: Set<string>; before: Set<string> | null; change: Map<string, string> | null }
  /** The end bookmark that replaces this element's closing tag, or '' to drop the tag. */
  closeWith?: string
}

/**
 * Rewrites a Word main document part (root w:document) so that mammoth, which reads inserted text
 * as if accepted and leaves deleted text out, shows every tracked change: each w:ins, w:del,
 * w:moveTo, w:moveFrom around runs is replaced by two bookmarks, `<prefix>s<n>` where it starts and
 * `<prefix>e<n>` where it ends (n: its index in revisions), and deleted text (w:delText) becomes
 * text; a run whose w:rPrChange changes bold, italic, underline or strike is put between such
 * bookmarks. A deleted paragraph mark (w:pPr/w:rPr/w:del) is taken out, so that paragraphs stay as
 * the file divides them. Any other part, or one without a WordprocessingML prefix, is left as it is
 * (null). Reads tags with a regular expression, in one pass; the text between them is copied.
 */
export function markRevisions(xml: string, prefix: string): MarkedDocument | null {
  const w = WORDML.exec(xml)?.[1]
  if (!w || !new RegExp(`^(?:\\s|<\\?[\\s\\S]*?\\?>|<!--[\\s\\S]*?-->)*<${w}:document[\\s>]`).test(xml)) return null
  const localOf = (name: string) => (name.startsWith(`${w}:`) ? name.slice(w.length + 1) : null)
  const bookmark = (name: string) => `<${w}:bookmarkStart ${w}:name="${prefix}${name}"/>`
  const revisions: DocxRevision[] = []
  const revision = (kind: ProposalKind, attributes: Map<string, string>, added: string[] = [], removed: string[] = []) => {
    const attribute = (name: string) => attributes.get(`${w}:${name}`) ?? ''
    revisions.push({ kind, wordId: attribute('id'), author: attribute('author'), date: attribute('date'), added, removed })
    return revisions.length - 1
  }
  const out: string[] = []
  const stack: Open[] = []
  const parent = (depth = 1) => stack[stack.length - depth]?.local ?? null
  let copied = 0
  for (const token of xml.matchAll(TOKEN)) {
    out.push(xml.slice(copied, token.index))
    copied = token.index + token[0].length
    const [whole, closing, name, attributeSource, selfClosing] = token
    if (name === undefined) {
      out.push(whole)
      continue
    }
    if (closing) {
      const open = stack.pop()
      if (open?.run) closeRun(open.run, whole)
      else out.push(open?.closeWith ?? (open?.local && RENAMED.has(open.local) ? `</${w}:${RENAMED.get(open.local)}>` : whole))
      continue
    }
    const local = localOf(name)
    const entry: Open = { local }
    if (local && WRAPPERS.has(local) && !parent()?.endsWith('Pr')) {
      const n = revision(WRAPPERS.get(local)!, attributesOf(attributeSource))
      if (!selfClosing) out.push(bookmark(`s${n}`))
      entry.closeWith = bookmark(`e${n}`)
    } else if (local === 'del' && parent() === 'rPr' && parent(2) === 'pPr') {
      entry.closeWith = ''
    } else if (local && RENAMED.has(local)) {
      out.push(`<${w}:${RENAMED.get(local)}${attributeSource}${selfClosing}>`)
    } else if (local === 'r' && !selfClosing) {
      entry.run = { at: out.length, now: new Set(), before: null, change: null }
      out.push('', whole)
    } else {
      if (local && FORMATS.has(local)) noteFormat(local, attributeSource)
      if (local === 'rPrChange' && parent() === 'rPr' && stack.at(-2)?.run) {
        const run = stack.at(-2)!.run!
        run.before = new Set()
        run.change = attributesOf(attributeSource)
      }
      out.push(whole)
    }
    if (!selfClosing) stack.push(entry)
  }
  out.push(xml.slice(copied))
  return { xml: out.join(''), revisions }

  /** A format element inside a run's properties, or inside the properties its w:rPrChange kept. */
  function noteFormat(local: string, attributeSource: string) {
    if (parent() !== 'rPr') return
    const run = stack.at(-2)?.run ?? (parent(2) === 'rPrChange' && parent(3) === 'rPr' ? stack.at(-4)?.run : undefined)
    const formats = stack.at(-2)?.run ? run?.now : run?.before
    if (!formats) return
    const format = FORMATS.get(local)!
    if (formatOn(local, attributesOf(attributeSource).get(`${w}:val`))) formats.add(format)
    else formats.delete(format)
  }

  function closeRun(run: NonNullable<Open['run']>, closingTag: string) {
    out.push(closingTag)
    if (!run.before || !run.change) return
    const added = [...run.now].filter((f) => !run.before!.has(f))
    const removed = [...run.before].filter((f) => !run.now.has(f))
    if (!added.length && !removed.length) return
    const n = revision('format', run.change, added, removed)
    out[run.at] = bookmark(`s${n}`)
    out.push(bookmark(`e${n}`))
  }
}
