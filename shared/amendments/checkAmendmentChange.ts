import type { Mark, Node as PMNode } from '@tiptap/pm/model'
import { findMark, formatChange, isProposalMark, PROPOSABLE_FORMATS, PROPOSAL_DELETE, PROPOSAL_FORMAT, PROPOSAL_INSERT } from './proposal.js'

/** The verdict on a change in amendments mode. */
export type AmendmentCheck = { ok: true } | { ok: false; reason: string }

export interface AmendmentCheckOptions {
  /** When given, proposal marks this change adds must name this delegation. */
  delegation?: string | null
}

/**
 * The rule of amendments mode: between two documents, a person may only
 * (a) add text marked as their own insertion, and edit or remove such text;
 * (b) mark existing text as their own proposed deletion, and unmark it;
 * (c) change the formatting of agreed text under their own formatting proposal, which records the change truly;
 * (d) add or remove blocks that hold only their own inserted text, or nothing.
 * Everything else is refused: changing or removing agreed text, its marks or its blocks, touching
 * another author's proposal, or adding a proposal mark in someone else's name.
 *
 * How: each document is projected to what this person cannot change (their own insertions
 * dropped, their own deletion marks dropped, their own formatting proposals undone, blocks of only
 * their own text or nothing dropped), run by run; the two projections must be equal. Then every
 * proposal mark the change adds must be theirs, well formed, and not reuse another author's id.
 * Linear in the size of the documents.
 */
export function checkAmendmentChange(before: PMNode, after: PMNode, userId: string, options: AmendmentCheckOptions = {}): AmendmentCheck {
  if (before === after) return { ok: true }
  const keys = new WeakMap<Mark, string>()
  const existing = new Set<string>()
  before.descendants((node) => {
    for (const mark of node.marks) if (isProposalMark(mark)) existing.add(markKey(mark, keys))
  })
  const problem = checkProposalMarks(after, userId, options, (mark) => existing.has(markKey(mark, keys)))
  if (problem) return refuse(problem)
  const was = project(before, userId, keys)
  const now = project(after, userId, keys)
  const at = firstDifference(was, now)
  return at < 0 ? { ok: true } : refuse(`changes agreed text or structure near ${describe(was[at] ?? now[at])}`)
}

const refuse = (reason: string): AmendmentCheck => ({ ok: false, reason })

// Token prefixes: a run of text, an inline node, a block opening, a block closing. A run is its
// marks' keys joined by SEP, then TEXT_START, then its text; mark names and JSON never hold either
// control character, so no two different runs make the same token.
const TEXT = 't'
const INLINE = 'i'
const OPEN = 'o'
const CLOSE = 'c'
const SEP = '\u0000'
const TEXT_START = '\u0001'
const UNTRUE_FORMAT = '\u0002'

/** A mark as a string: its name, and its attributes when it has any. */
function markKey(mark: Mark, keys: WeakMap<Mark, string>): string {
  let key = keys.get(mark)
  if (key === undefined) {
    key = Object.keys(mark.attrs).length ? `${mark.type.name}${JSON.stringify(mark.attrs)}` : mark.type.name
    keys.set(mark, key)
  }
  return key
}

const ownInsertion = (node: PMNode, userId: string) => !!(node.isText && findMark(node.marks, PROPOSAL_INSERT, userId))

/**
 * The marks of a run as this person cannot change them: for agreed text, without their own deletion
 * and formatting proposals, with the formatting their own formatting proposal changed put back;
 * for another author's inserted text, every mark as it is.
 */
function runKey(marks: readonly Mark[], userId: string, keys: WeakMap<Mark, string>): string {
  if (findMark(marks, PROPOSAL_INSERT)) return 'ins' + SEP + marks.map((m) => markKey(m, keys)).sort().join(SEP)
  const names = new Set<string>()
  for (const mark of marks) {
    const own = mark.attrs.authorId === userId && (mark.type.name === PROPOSAL_DELETE || mark.type.name === PROPOSAL_FORMAT)
    if (!own) names.add(markKey(mark, keys))
  }
  const format = findMark(marks, PROPOSAL_FORMAT, userId)
  if (format) {
    const { added, removed } = formatChange(format)
    // A proposal that claims a change the text does not show marks the run, so adding one is refused.
    if (added.some((name) => !names.has(name)) || removed.some((name) => names.has(name))) names.add(UNTRUE_FORMAT)
    for (const name of added) names.delete(name)
    for (const name of removed) names.add(name)
  }
  return [...names].sort().join(SEP)
}

/** The document as this person cannot change it, as a list of tokens (adjacent equal runs joined). */
function project(doc: PMNode, userId: string, keys: WeakMap<Mark, string>): string[] {
  const tokens: string[] = []
  // The marks of the last token when it is a run of text, so the next run with the same marks joins it.
  let lastRun: string | null = null
  const push = (token: string) => {
    tokens.push(token)
    lastRun = null
  }
  const inline = (node: PMNode) => {
    if (!node.isText) return push(INLINE + node.type.name + JSON.stringify(node.attrs) + SEP + node.marks.map((m) => markKey(m, keys)).join(SEP))
    if (ownInsertion(node, userId)) return
    const run = runKey(node.marks, userId, keys)
    if (run === lastRun) tokens[tokens.length - 1] += node.text
    else {
      tokens.push(TEXT + run + TEXT_START + node.text)
      lastRun = run
    }
  }
  // Returns whether the block stays in the projection.
  const block = (node: PMNode): boolean => {
    if (node.isTextblock) {
      let chars = 0
      let own = 0
      node.forEach((child) => {
        if (!child.isText) return
        chars += child.text!.length
        if (ownInsertion(child, userId)) own += child.text!.length
      })
      if (node.childCount === 0 || (chars > 0 && own === chars)) return false
      push(OPEN + node.type.name + JSON.stringify(node.attrs))
      node.forEach(inline)
      push(CLOSE)
      return true
    }
    const start = tokens.length
    push(OPEN + node.type.name + JSON.stringify(node.attrs))
    let kept = node.isLeaf
    node.forEach((child) => {
      if (block(child)) kept = true
    })
    if (!kept) {
      tokens.length = start
      return false
    }
    push(CLOSE)
    return true
  }
  doc.forEach((child) => void block(child))
  return tokens
}

function firstDifference(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return a.length === b.length ? -1 : n
}

/** A token for a reason: a run's first words, or the block it opens. */
function describe(token: string | undefined): string {
  if (!token) return 'the end of the document'
  if (token.startsWith(TEXT)) return `"${token.slice(token.indexOf(TEXT_START) + 1).slice(0, 40)}"`
  if (token.startsWith(CLOSE)) return 'the end of a block'
  return `a ${/^[A-Za-z]+/.exec(token.slice(1))?.[0] ?? 'block'}`
}

/** Whether a proposal mark's attributes have the right shapes. */
function wellFormed(mark: Mark): boolean {
  const { id, authorId, delegation, createdAt } = mark.attrs
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) return false
  if (typeof authorId !== 'string' || authorId.length === 0) return false
  if (delegation !== null && (typeof delegation !== 'string' || delegation.length > 200)) return false
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return false
  if (mark.type.name !== PROPOSAL_FORMAT) return true
  const { added, removed } = mark.attrs
  if (!Array.isArray(added) || !Array.isArray(removed)) return false
  const names: unknown[] = [...added, ...removed]
  return names.every((n) => typeof n === 'string' && PROPOSABLE_FORMATS.has(n)) && new Set(names).size === names.length
}

/**
 * Every proposal mark this change adds is this person's, well formed, and in their delegation when
 * it is known; no id belongs to two authors; nobody else's proposal mark sits on their inserted text.
 */
function checkProposalMarks(after: PMNode, userId: string, options: AmendmentCheckOptions, existed: (mark: Mark) => boolean): string | null {
  const authorsOfId = new Map<unknown, Set<unknown>>()
  const newIds = new Set<unknown>()
  let problem: string | null = null
  after.descendants((node) => {
    if (problem) return false
    const own = ownInsertion(node, userId)
    for (const mark of node.marks) {
      if (!isProposalMark(mark)) continue
      const { id, authorId, delegation } = mark.attrs
      const authors = authorsOfId.get(id) ?? new Set()
      authorsOfId.set(id, authors.add(authorId))
      if (own && authorId !== userId) problem = "another author's proposal on your own inserted text"
      if (problem || existed(mark)) continue
      newIds.add(id)
      if (authorId !== userId) problem = 'a proposal in the name of someone else'
      else if (!wellFormed(mark)) problem = 'a malformed proposal'
      else if (options.delegation !== undefined && delegation !== options.delegation) problem = 'a proposal in the name of another delegation'
    }
    return true
  })
  for (const id of newIds) if (!problem && authorsOfId.get(id)!.size > 1) problem = `proposal ${String(id).slice(0, 64)} has two authors`
  return problem
}
