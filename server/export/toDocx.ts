import { AlignmentType, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun, CommentRangeStart, CommentRangeEnd, CommentReference, type ParagraphChild } from 'docx'
import type { Node as PMNode } from '@tiptap/pm/model'
import { otherDeletions, runFormat, TrackedChanges } from './trackedChanges.js'
import { computeNumbering } from '../../shared/schema/numbering.js'
import type { MessageView, ThreadView } from '../../shared/comments/types.js'
import { messageText, nameWithDelegation } from '../../shared/comments/format.js'
import type { Language } from '../../shared/i18n/languages.js'
import { NO_PAPER_FIELDS, type PaperFields } from '../../shared/paper.js'
import { PAPER_PAGE, PAPER_STYLES, TITLE_BLOCK_STYLE, paperFooters, paperHeaders, paperProperties, paperTopRight } from './paperLayout.js'
import { applyTemplate, stylesForTemplate, type WordTemplate } from './wordTemplate.js'

const NUMBERING = 'un-paragraphs'

/** One Word comment's words: who wrote it, when, and its paragraphs. */
export interface DocxNote {
  author: string
  /** Word shows them in the comment's balloon; the author's when not given. */
  initials?: string
  text: string[]
  /** When it was written; the time of the export when not given. */
  date?: Date
}

/** A comment to place on a passage: its resolved range, its first message and its replies (Word reply comments). */
export interface DocxComment extends DocxNote {
  from: number
  to: number
  replies?: DocxNote[]
  /** A resolved thread: Word shows it as done. */
  resolved?: boolean
}

export interface DocxOptions {
  /**
   * Who the tracked changes of a proposal whose mark names no delegation are attributed to, by
   * proposal id (the author's name, say); "Unknown delegation" for one not listed.
   */
  authors?: ReadonlyMap<string, string>
  /** The document's language, for the words the export writes itself ("Unknown delegation") and the paper's date; English when not given. */
  language?: Language
  /** The paper's header fields: symbol, distribution line and date flush right on page 1, the symbol in the header from page 2, the session in the title block. */
  paper?: PaperFields
  /** The group's Word template, whose styles, page, header and footer replace the built-in ones (wordTemplate.ts). */
  template?: WordTemplate
}

/** "Lukas Swiss" → "LS": the initials Word shows in a comment's balloon. */
export function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [...w][0]!.toUpperCase())
    .join('')
    .slice(0, 9)
}

/** A message as one Word comment: its own author, initials and time (not the export's). */
function noteOf(m: MessageView, language: Language): DocxNote {
  return { author: nameWithDelegation(m.author), initials: initialsOf(m.author.name), date: new Date(m.createdAt), text: [messageText(m, language)] }
}

/**
 * The comments of the visible, anchored threads of a document, for the .docx export: the first
 * message of each thread a Word comment, each reply a Word reply comment to it.
 */
export function docxComments(threads: ThreadView[], language: Language = 'en'): DocxComment[] {
  return threads
    .filter((t) => t.position !== null && t.positionEnd !== null && t.anchorState !== 'orphaned' && t.messages.length > 0)
    .map((t) => ({
      from: t.position!,
      to: t.positionEnd!,
      ...noteOf(t.messages[0], language),
      replies: t.messages.slice(1).map((m) => noteOf(m, language)),
      resolved: t.status === 'resolved',
    }))
}

/** Comments and their replies in Word's order, each reply on its parent's passage and pointing at it (parent: its index). */
function flatten(comments: DocxComment[]): Array<DocxComment & { parent?: number }> {
  const out: Array<DocxComment & { parent?: number }> = []
  for (const { replies = [], ...first } of comments) {
    const parent = out.push(first) - 1
    for (const r of replies) out.push({ ...r, from: first.from, to: first.to, resolved: first.resolved, parent })
  }
  return out
}

/**
 * A Word document that reads like the formal paper: the header block centred, headings, numbered
 * paragraphs as real Word numbering (1. / (a) / (i) / (A), continuing through the document), marks
 * and links; optionally the comment threads as Word comments on their passages. Proposals in the
 * document are Word tracked changes by their delegations (TrackedChanges); where two delegations
 * propose deleting the same text, Word shows the first's deletion and a comment names the others.
 * Pass a document without proposals (withProposals) for the agreed text.
 */
export async function toDocx(doc: PMNode, title: string, threadComments: DocxComment[] = [], options: DocxOptions = {}): Promise<Buffer> {
  const levels = new Map(computeNumbering(doc).map((i) => [i.pos, i.level]))
  const paragraphs: Paragraph[] = []
  const comments = flatten([...threadComments, ...otherDeletions(doc, options.authors, options.language)])
  // Tracked changes take ids past the comments', so no two annotations share one.
  const tracked = new TrackedChanges(comments.length, options.authors, options.language)
  // Comment boundaries by document position.
  const starts = new Map<number, number[]>()
  const ends = new Map<number, number[]>()
  comments.forEach((c, id) => {
    starts.set(c.from, [...(starts.get(c.from) ?? []), id])
    ends.set(c.to, [...(ends.get(c.to) ?? []), id])
  })

  const runs = (block: PMNode, blockPos: number): ParagraphChild[] => {
    const out: ParagraphChild[] = []
    block.forEach((child, offset) => {
      const pos = blockPos + 1 + offset
      if (child.type.name === 'hardBreak') {
        out.push(new TextRun({ text: '', break: 1 }))
        return
      }
      const text = child.text ?? ''
      const style = runFormat(new Set(child.marks.map((m) => m.type.name)))
      const link = child.marks.find((m) => m.type.name === 'link')
      // Split the text where comments start or end.
      const cuts = [0, text.length]
      for (let i = 1; i < text.length; i++) if (starts.has(pos + i) || ends.has(pos + i)) cuts.push(i)
      const sorted = [...new Set(cuts)].sort((a, b) => a - b)
      for (let k = 0; k < sorted.length - 1; k++) {
        const at = pos + sorted[k]
        for (const id of starts.get(at) ?? []) out.push(new CommentRangeStart(id))
        const run = tracked.run({ text: text.slice(sorted[k], sorted[k + 1]), ...style, ...(link ? { style: 'Hyperlink' } : {}) }, child.marks)
        out.push(link ? new ExternalHyperlink({ link: String(link.attrs.href), children: [run] }) : run)
        const end = pos + sorted[k + 1]
        for (const id of ends.get(end) ?? []) out.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }))
      }
    })
    return out
  }

  const paper = options.paper ?? NO_PAPER_FIELDS
  const language = options.language ?? 'en'
  paragraphs.push(...paperTopRight(paper, language))
  // The session goes in the title block before its first title (after "CONFERENCE ROOM PAPER", "COUNCIL").
  let session = paper.session
  const sessionLine = () => {
    if (session) paragraphs.push(new Paragraph({ style: TITLE_BLOCK_STYLE, children: [new TextRun(session)] }))
    session = ''
  }

  const walk = (node: PMNode, pos: number, context: { level?: number; header?: boolean; bullet?: number; quote?: boolean }) => {
    node.forEach((child, offset) => {
      const childPos = pos + 1 + offset
      const name = child.type.name
      if (name === 'docHeader') {
        // A header block that already has the session line (written before it was a field) keeps its own.
        if (child.textContent && [...Array(child.childCount).keys()].some((i) => child.child(i).textContent.trim().toLowerCase() === session.toLowerCase())) session = ''
        walk(child, childPos, { ...context, header: true })
        return sessionLine()
      }
      if (name === 'orderedList' || name === 'bulletList' || name === 'blockquote') {
        return walk(child, childPos, { ...context, quote: context.quote || name === 'blockquote', bullet: name === 'bulletList' ? (context.bullet ?? -1) + 1 : context.bullet })
      }
      if (name === 'listItem') {
        const level = levels.get(childPos)
        return walk(child, childPos, level ? { ...context, level, bullet: undefined } : context)
      }
      if (!child.isTextblock) return walk(child, childPos, context)
      const first = context.level !== undefined && child === node.firstChild
      if (context.header && name === 'heading') sessionLine()
      const heading = name === 'heading' ? ([HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3][(child.attrs.level as number) - 1] ?? HeadingLevel.HEADING_3) : undefined
      paragraphs.push(
        new Paragraph({
          children: runs(child, childPos),
          heading,
          style: context.header && !heading ? TITLE_BLOCK_STYLE : undefined,
          numbering: first ? { reference: NUMBERING, level: context.level! - 1 } : undefined,
          bullet: context.bullet !== undefined && child === node.firstChild ? { level: context.bullet } : undefined,
          indent: context.quote ? { left: 720 } : !first && context.level ? { left: 720 * context.level } : undefined,
          spacing: { after: 120 },
          run: tracked.paragraphMark(child),
        }),
      )
    })
  }
  // A document without a header block still names its session, before the text.
  if (!doc.content.content.some((n) => n.type.name === 'docHeader')) sessionLine()
  walk(doc, -1, {})

  const level = (lvl: number, format: (typeof LevelFormat)[keyof typeof LevelFormat], text: string) => ({
    level: lvl,
    format,
    text,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 720 * (lvl + 1), hanging: 567 } } },
  })
  const document = new Document({
    title,
    creator: 'Plenary',
    customProperties: paperProperties(paper, language),
    ...(options.template ? { externalStyles: options.template.styles, styles: stylesForTemplate(options.template) } : { styles: PAPER_STYLES }),
    // A reply names its parent (parentId): docx then writes word/commentsExtended.xml (w15:paraIdParent), as Word does.
    comments: {
      children: comments.map((c, id) => ({
        id,
        author: c.author,
        initials: c.initials ?? initialsOf(c.author),
        date: c.date ?? new Date(),
        parentId: c.parent,
        resolved: c.resolved,
        children: c.text.map((t) => new Paragraph({ children: [new TextRun(t)] })),
      })),
    },
    numbering: {
      config: [
        {
          reference: NUMBERING,
          levels: [level(0, LevelFormat.DECIMAL, '%1.'), level(1, LevelFormat.LOWER_LETTER, '(%2)'), level(2, LevelFormat.LOWER_ROMAN, '(%3)'), level(3, LevelFormat.UPPER_LETTER, '(%4)')],
        },
      ],
    },
    sections: [{ properties: PAPER_PAGE, headers: paperHeaders(paper), footers: paperFooters(), children: paragraphs }],
  })
  const built = await Packer.toBuffer(document)
  return options.template ? applyTemplate(built, options.template, { Title: title, ...Object.fromEntries(paperProperties(paper, language).map((p) => [p.name, p.value])) }) : built
}
