import type { Node as PMNode } from '@tiptap/pm/model'
import { PROPOSAL_DELETE } from '../../shared/amendments/proposal'

/** What to look for, and how. */
export interface FindQuery {
  text: string
  matchCase: boolean
  wholeWord: boolean
}

/** One occurrence, as document positions. */
export interface FindMatch {
  from: number
  to: number
}

/** Anything that is not a letter, digit or underscore ends a word, in every script. */
const WORD = '[\\p{L}\\p{N}_]'

function patternOf(query: FindQuery): RegExp | null {
  if (!query.text) return null
  const escaped = query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const body = query.wholeWord ? `(?<!${WORD})${escaped}(?!${WORD})` : escaped
  return new RegExp(body, query.matchCase ? 'gu' : 'giu')
}

/**
 * Every occurrence of the query in the document, in document order. Each text block is read as one
 * string (so a match may span bold, links and proposals) where one character is one position;
 * hard breaks and other inline nodes count as a character no query matches, and text a proposal
 * would delete reads as such a character too: the find sees the text as its proposals would make it,
 * so replacing never picks up words already proposed for deletion.
 */
export function findMatches(doc: PMNode, query: FindQuery): FindMatch[] {
  const pattern = patternOf(query)
  if (!pattern) return []
  const matches: FindMatch[] = []
  doc.descendants((block, blockPos) => {
    if (!block.isTextblock) return true
    let text = ''
    block.forEach((child) => {
      const hidden = !child.isText || child.marks.some((m) => m.type.name === PROPOSAL_DELETE)
      text += hidden ? '\u0000'.repeat(child.nodeSize) : child.text!
    })
    for (const m of text.matchAll(pattern)) {
      if (m[0].length === 0 || m[0].includes('\u0000')) continue
      matches.push({ from: blockPos + 1 + m.index, to: blockPos + 1 + m.index + m[0].length })
    }
    return false
  })
  return matches
}
