import { DeletedTextRun, InsertedTextRun, TextRun, XmlAttributeComponent, XmlComponent, type IRunOptions, type ParagraphChild } from 'docx'
import type { Mark, Node as PMNode } from '@tiptap/pm/model'
import { findMark, formatChange, PROPOSABLE_FORMATS, PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT } from '../../shared/amendments/proposal.js'
import type { DocxComment } from './toDocx.js'
import type { Language } from '../../shared/i18n/languages.js'
import { exportWord } from '../../shared/i18n/exportWords.js'

/** Who a tracked change is attributed to when its proposal names no delegation and nobody else is known (in English). */
export const UNKNOWN_DELEGATION = exportWord('en', 'tracked.unknownDelegation')

/** Word's attributes of one tracked change (w:id, w:author, w:date). */
interface Change {
  id: number
  author: string
  date: string
}

/**
 * The run options of a set of format names (bold, italic, underline, strike). A run sets only those
 * it has, so it takes the rest from its paragraph's style (a title block's bold); the formatting
 * before a proposed change (`before`) says each one, as Word's w:rPrChange holds it.
 */
export function runFormat(names: ReadonlySet<string>, before = false) {
  const set = (name: string) => names.has(name) || (before ? false : undefined)
  return {
    bold: set('bold'),
    italics: set('italic'),
    underline: names.has('underline') ? {} : undefined,
    strike: set('strike'),
  }
}

/**
 * The deletions proposed on a run, the first proposed first (then by id). Word gives a deleted run
 * one author: the first; the others are named in Word comments (otherDeletions).
 */
function deletions(marks: readonly Mark[]): Mark[] {
  const time = (m: Mark) => (Number.isFinite(m.attrs.createdAt) ? (m.attrs.createdAt as number) : Infinity)
  return marks.filter((m) => m.type.name === PROPOSAL_DELETE).sort((a, b) => time(a) - time(b) || String(a.attrs.id).localeCompare(String(b.attrs.id)))
}

/** The proposal's delegation, else the name the caller knows for it (proposal id → name), else "Unknown delegation" in the document's language. */
function authorOf(mark: Mark, authors: ReadonlyMap<string, string>, language: Language): string {
  return (mark.attrs.delegation as string | null) || authors.get(String(mark.attrs.id)) || exportWord(language, 'tracked.unknownDelegation')
}

/** The proposal's time as Word writes it (whole seconds, UTC), or undefined when it has none. */
function dateOf(mark: Mark): string | undefined {
  const at = mark.attrs.createdAt
  return typeof at === 'number' && Number.isFinite(at) ? new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined
}

class ChangeAttributes extends XmlAttributeComponent<Change> {
  protected readonly xmlKeys = { id: 'w:id', author: 'w:author', date: 'w:date' }
}

/** A w:ins around a w:del: text one delegation proposes to insert and another to delete. docx has no class for it. */
class InsertionAround extends XmlComponent {
  constructor(change: Change, deletion: DeletedTextRun) {
    super('w:ins')
    this.root.push(new ChangeAttributes(change), deletion)
  }
}

/**
 * Proposal marks as Word tracked changes, each with its own w:id (numbered from firstId, past the
 * document's comment ids), the delegation as w:author and the proposal's time as w:date:
 * proposalInsert → w:ins, proposalDelete → w:del (w:delText), proposalFormat → w:rPrChange holding
 * the formatting before the proposal. Text one delegation inserts and another proposes to delete is
 * a w:del inside a w:ins, as Word writes it.
 */
export class TrackedChanges {
  private next: number

  constructor(
    firstId: number,
    private readonly authors: ReadonlyMap<string, string> = new Map(),
    private readonly language: Language = 'en',
  ) {
    this.next = firstId
  }

  /** A run of text with these options, tracked as its proposal marks say. */
  run(options: IRunOptions, marks: readonly Mark[]): ParagraphChild {
    const format = findMark(marks, PROPOSAL_FORMAT)
    const run: IRunOptions = format ? { ...options, revision: { ...this.change(format), ...runFormat(formatsBefore(marks, format), true), style: options.style } } : options
    const insertion = findMark(marks, PROPOSAL_INSERT)
    const [deletion] = deletions(marks)
    if (deletion) {
      const deleted = new DeletedTextRun({ ...run, ...this.change(deletion) })
      // A Paragraph writes any XmlComponent it is given; ParagraphChild just does not list this one.
      return insertion ? (new InsertionAround(this.change(insertion), deleted) as unknown as ParagraphChild) : deleted
    }
    return insertion ? new InsertedTextRun({ ...run, ...this.change(insertion) }) : new TextRun(run)
  }

  /**
   * The paragraph mark of a block whose every character is proposed for insertion (a proposed
   * paragraph) or for deletion: tracked too, so that rejecting (or accepting) in Word removes the
   * paragraph rather than leaving it empty. Undefined for any other block.
   */
  paragraphMark(block: PMNode): { insertion: Change } | { deletion: Change } | undefined {
    const texts: PMNode[] = []
    block.forEach((child) => {
      if (child.isText) texts.push(child)
    })
    if (!texts.length) return undefined
    if (texts.every((t) => findMark(t.marks, PROPOSAL_INSERT))) return { insertion: this.change(findMark(texts[0].marks, PROPOSAL_INSERT)!) }
    if (texts.every((t) => deletions(t.marks).length)) return { deletion: this.change(deletions(texts[0].marks)[0]) }
    return undefined
  }

  private change(mark: Mark): Change {
    const date = dateOf(mark)
    // docx leaves out an undefined attribute: a proposal without a time gets no w:date.
    return { id: this.next++, author: authorOf(mark, this.authors, this.language), date: date as string }
  }
}

/**
 * Word comments naming every delegation whose proposed deletion Word cannot show because another
 * delegation proposed deleting the same text first: one per proposal and stretch of text. The
 * comments go to the document with the others, before the tracked changes take their ids.
 */
export function otherDeletions(doc: PMNode, authors: ReadonlyMap<string, string> = new Map(), language: Language = 'en'): DocxComment[] {
  const comments: DocxComment[] = []
  const growing = new Map<string, DocxComment>()
  doc.descendants((node, pos) => {
    if (!node.isText) return true
    for (const mark of deletions(node.marks).slice(1)) {
      const id = String(mark.attrs.id)
      const last = growing.get(id)
      if (last?.to === pos) {
        last.to = pos + node.nodeSize
        continue
      }
      const author = authorOf(mark, authors, language)
      const date = dateOf(mark)
      const comment: DocxComment = { from: pos, to: pos + node.nodeSize, author, text: [exportWord(language, 'tracked.alsoDeletes', { author })], ...(date ? { date: new Date(date) } : {}) }
      comments.push(comment)
      growing.set(id, comment)
    }
    return false
  })
  return comments
}

/** The formats a run had before its formatting proposal: those it added taken off, those it removed put back. */
function formatsBefore(marks: readonly Mark[], format: Mark): Set<string> {
  const names = new Set(marks.map((m) => m.type.name).filter((name) => PROPOSABLE_FORMATS.has(name)))
  const { added, removed } = formatChange(format)
  for (const name of added) names.delete(name)
  for (const name of removed) if (PROPOSABLE_FORMATS.has(name)) names.add(name)
  return names
}
