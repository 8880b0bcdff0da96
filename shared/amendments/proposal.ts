import type { Mark } from '@tiptap/pm/model'
import { PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT } from '../schema/ProposalMarks.js'

export { PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT, PROPOSABLE_FORMATS } from '../schema/ProposalMarks.js'

/** What a proposal does to a run of text. */
export type ProposalKind = 'insert' | 'delete' | 'format'

/** Who proposes: the person and the delegation (country or organization) they speak for. */
export interface ProposalAuthor {
  authorId: string
  delegation: string | null
}

/** The attributes every proposal mark carries. */
export interface ProposalAttrs extends ProposalAuthor {
  id: string
  createdAt: number
}

/** A formatting proposal's change: the format marks it adds and those it removes. */
export interface FormatChange {
  added: string[]
  removed: string[]
}

const KIND_OF_MARK: Readonly<Record<string, ProposalKind>> = {
  [PROPOSAL_INSERT]: 'insert',
  [PROPOSAL_DELETE]: 'delete',
  [PROPOSAL_FORMAT]: 'format',
}

/** The kind of proposal a mark name stands for, or null for any other mark. */
export function proposalKind(markName: string): ProposalKind | null {
  return Object.hasOwn(KIND_OF_MARK, markName) ? KIND_OF_MARK[markName] : null
}

/** Whether a mark is one of the three proposal marks. */
export function isProposalMark(mark: Mark): boolean {
  return proposalKind(mark.type.name) !== null
}

/** The first mark of a type in a set, optionally only one by this author. */
export function findMark(marks: readonly Mark[], name: string, authorId?: string): Mark | undefined {
  return marks.find((m) => m.type.name === name && (authorId === undefined || m.attrs.authorId === authorId))
}

/** The same set without any proposal mark: what a copied or typed run keeps of its formatting. */
export function withoutProposals(marks: readonly Mark[]): readonly Mark[] {
  return marks.some(isProposalMark) ? marks.filter((m) => !isProposalMark(m)) : marks
}

/** The proposal attributes of a proposal mark, copied (the id, author, delegation, time). */
export function proposalAttrs(mark: Mark): ProposalAttrs {
  const { id, authorId, delegation, createdAt } = mark.attrs as ProposalAttrs
  return { id, authorId, delegation, createdAt }
}

/** A formatting proposal's added and removed format names (empty lists for any other mark). */
export function formatChange(mark: Mark): FormatChange {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
  return { added: list(mark.attrs.added), removed: list(mark.attrs.removed) }
}
