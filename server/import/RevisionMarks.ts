import type { JSONContent } from '@tiptap/core'
import { newProposalId } from '../../shared/amendments/suggestContext.js'
import { PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT, type ProposalAttrs } from '../../shared/amendments/proposal.js'
import type { DocxRevision } from './markRevisions.js'

type MarkJSON = NonNullable<JSONContent['marks']>[number]

/** Longest delegation name a proposal mark holds (checkAmendmentChange refuses longer ones). */
const MAX_DELEGATION = 200

/**
 * Turns the bookmarks markRevisions put where Word's tracked changes start and end back into
 * proposal marks, while the importer walks mammoth's model in document order:
 * - inserted text (w:ins, w:moveTo) gets proposalInsert, deleted text (w:del, w:moveFrom)
 *   proposalDelete, a run whose bold/italic/underline/strike changed (w:rPrChange) proposalFormat;
 * - the delegation is the change's w:author, the time its w:date (the time of the import when it
 *   has none), the author unknown (authorId ''): a Word author is a name, not a Plenary account;
 * - one proposal per Word change, and one for changes by the same author at the same time with no
 *   text between them (a replacement: a deletion then an insertion; a change split across runs);
 * - text a delegation deleted from its own insertion is left out; a formatting change on inserted
 *   text is part of the insertion, not a proposal of its own.
 */
export class RevisionMarks {
  private readonly open: number[] = []
  private readonly proposalOf = new Map<number, string>()
  private readonly byWordId = new Map<string, string>()
  private last: { key: string; id: string; at: number } | null = null
  /** Characters of text written so far: two changes are adjacent when none was written between them. */
  private written = 0
  private readonly importedAt = Date.now()

  constructor(
    private readonly revisions: readonly DocxRevision[],
    private readonly prefix: string,
  ) {}

  /** Whether a bookmark is one of markRevisions'; if so, the change it names starts or ends here. */
  bookmark(name: string | undefined): boolean {
    if (!name?.startsWith(this.prefix)) return false
    const m = /^([se])(\d+)$/.exec(name.slice(this.prefix.length))
    const n = m ? Number(m[2]) : -1
    if (!m || n >= this.revisions.length) return true
    if (m[1] === 's') this.start(n)
    else this.end(n)
    return true
  }

  /** A paragraph starts: Word's changes never run across one, so none is still open. */
  paragraph(): void {
    this.open.length = 0
  }

  /**
   * The proposal marks of `length` characters of text written here, or null when the text is left
   * out (a delegation deleting its own insertion).
   */
  forText(length: number): MarkJSON[] | null {
    const of = (kind: DocxRevision['kind']) => this.open.filter((n) => this.revisions[n].kind === kind)
    const insert = of('insert').at(-1)
    const deletes = of('delete')
    const format = of('format').at(-1)
    if (insert !== undefined && deletes.some((n) => this.revisions[n].author === this.revisions[insert].author)) return null
    this.written += length
    const marks: MarkJSON[] = deletes.map((n) => ({ type: PROPOSAL_DELETE, attrs: this.attrs(n) }))
    if (insert !== undefined) marks.unshift({ type: PROPOSAL_INSERT, attrs: this.attrs(insert) })
    else if (format !== undefined) {
      const { added, removed } = this.revisions[format]
      marks.push({ type: PROPOSAL_FORMAT, attrs: { ...this.attrs(format), added, removed } })
    }
    return marks
  }

  /** Whether text here is inserted: a line break there becomes a space, which can carry the insertion (a line break cannot). */
  get inserting(): boolean {
    return this.open.some((n) => this.revisions[n].kind === 'insert')
  }

  private key(n: number): string {
    const { kind, author, date } = this.revisions[n]
    return [kind === 'format' ? 'format' : 'text', author, date].join('\u0000')
  }

  private start(n: number): void {
    const key = this.key(n)
    const { wordId } = this.revisions[n]
    const adjacent = this.last?.key === key && this.last.at === this.written ? this.last.id : undefined
    const id = (wordId ? this.byWordId.get(`${key}\u0000${wordId}`) : undefined) ?? adjacent ?? newProposalId()
    if (wordId) this.byWordId.set(`${key}\u0000${wordId}`, id)
    this.proposalOf.set(n, id)
    this.open.push(n)
  }

  private end(n: number): void {
    const at = this.open.lastIndexOf(n)
    if (at === -1) return
    this.open.splice(at, 1)
    this.last = { key: this.key(n), id: this.proposalOf.get(n)!, at: this.written }
  }

  private attrs(n: number): ProposalAttrs {
    const { author, date } = this.revisions[n]
    const createdAt = Date.parse(date)
    return { id: this.proposalOf.get(n)!, authorId: '', delegation: author.trim().slice(0, MAX_DELEGATION) || null, createdAt: Number.isFinite(createdAt) ? createdAt : this.importedAt }
  }
}
