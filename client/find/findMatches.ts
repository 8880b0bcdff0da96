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
 * string (so a match may span bold, links and proposals); hard breaks and other inline nodes read as
 * a character no query matches. Text a proposal would delete is left out: the find reads the text as
 * its proposals would make it (proposed insertions included), so "Replace" never picks up words
 * already proposed for deletion, and a phrase matches across a proposed deletion inside it.
 */
export function findMatches(doc: PMNode, query: FindQuery): FindMatch[] {
  const pattern = patternOf(query)
  if (!pattern) return []
  const matches: FindMatch[] = []
  doc.descendants((block, blockPos) => {
    if (!block.isTextblock) return true
    let text = ''
    // The document position of each character of text.
    const positions: number[] = []
    block.forEach((child, offset) => {
      const pos = blockPos + 1 + offset
      if (!child.isText) {
        text += '\u0000'
        positions.push(pos)
      } else if (!child.marks.some((m) => m.type.name === PROPOSAL_DELETE)) {
        text += child.text!
        for (let i = 0; i < child.text!.length; i++) positions.push(pos + i)
      }
    })
    for (const m of text.matchAll(pattern)) {
      if (m[0].length === 0 || m[0].includes('\u0000')) continue
      matches.push({ from: positions[m.index], to: positions[m.index + m[0].length - 1] + 1 })
    }
    return false
  })
  return matches
}
