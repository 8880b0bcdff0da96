import type { ChangeSegment } from '../../shared/versions/types.js'

/** Words, runs of spaces, and single other characters: the units a comparison shows whole. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|\s+|[^\s\p{L}\p{N}]/gu

/** Past this many tokens on a side, a paragraph keeps its character-level segments (the table would be too big). */
const MAX_TOKENS = 2000

interface Side {
  tokens: string[]
  /** Who made each token (the author of most of its changed characters), or null. */
  by: Array<string | null>
}

/**
 * A paragraph's changes by whole words, as Word's compare shows them: "[-Although-][+AAAA Although+]"
 * rather than the characters the CRDT happened to change ("A[+AAA A+]lthough"). The older and newer
 * texts are rebuilt from the segments, compared word by word (longest common subsequence), and each
 * inserted or deleted word is credited to whoever changed most of its characters.
 */
export function byWords(segments: ChangeSegment[]): ChangeSegment[] {
  if (!segments.some((s) => s.change !== 'same')) return segments
  const older = side(segments, 'deleted')
  const newer = side(segments, 'inserted')
  if (older.tokens.length > MAX_TOKENS || newer.tokens.length > MAX_TOKENS) return segments
  const out: ChangeSegment[] = []
  const push = (text: string, change: ChangeSegment['change'], by: string | null) => {
    const last = out.at(-1)
    // A space the alignment moved into a change belongs to the words changed around it.
    if (last && last.change === change && (last.by === by || (change !== 'same' && (by === null || /^\s+$/.test(last.text) && last.by === null)))) {
      last.text += text
      last.by ??= by
    } else out.push({ text, change, by })
  }
  const { tokens: a } = older
  const { tokens: b } = newer
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1])
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push(a[i], 'same', null)
      i++
      j++
    } else if (i < a.length && (j === b.length || lengths[i + 1][j] >= lengths[i][j + 1])) {
      // What goes before what comes: a replaced word reads old, then new.
      push(a[i], 'deleted', older.by[i])
      i++
    } else {
      push(b[j], 'inserted', newer.by[j])
      j++
    }
  }
  return out
}

/** One side's text as tokens, each with who changed most of its characters on that side. */
function side(segments: ChangeSegment[], changed: 'inserted' | 'deleted'): Side {
  let text = ''
  const authors: Array<string | null | undefined> = [] // per character: undefined when unchanged
  for (const s of segments) {
    if (s.change !== 'same' && s.change !== changed) continue
    text += s.text
    for (let k = 0; k < s.text.length; k++) authors.push(s.change === 'same' ? undefined : s.by)
  }
  const tokens = text.match(TOKEN) ?? []
  const by: Array<string | null> = []
  let at = 0
  for (const token of tokens) {
    const counts = new Map<string | null, number>()
    for (let k = at; k < at + token.length; k++) if (authors[k] !== undefined) counts.set(authors[k]!, (counts.get(authors[k]!) ?? 0) + 1)
    by.push([...counts].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null)
    at += token.length
  }
  return { tokens, by }
}
