import type { Node as PMNode } from '@tiptap/pm/model'

/**
 * Paragraph numbering in the style of UN documents, computed from the document structure.
 *
 * - Level 1 (ordered lists directly in the document body): 1., 2., 3. … and the count
 *   continues across headings and unnumbered text, as in a formal report.
 * - Level 2 (an ordered list inside a numbered paragraph): (a), (b), (c) …
 * - Level 3: (i), (ii), (iii) …
 * - Level 4 and deeper: (A), (B), (C) …
 *
 * Numbers are never stored in the text; they are derived every time the document changes.
 */

/** One numbered item: where it is, its label ("(b)") and its full reference ("6(b)"). */
export interface NumberedItem {
  /** Position of the list item node in the ProseMirror document. */
  pos: number
  /** Size of the list item node. */
  size: number
  /** 1 for a paragraph, 2 for a sub-point, 3 for a sub-sub-point … */
  level: number
  /** The label as printed before the item: "6.", "(b)", "(ii)". */
  label: string
  /** The reference used in comments and exports: "6", "6(b)", "6(b)(ii)". */
  reference: string
}

const ROMAN: Array<[number, string]> = [
  [1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'],
  [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i'],
]

/** 1 → "i", 4 → "iv", 14 → "xiv". */
export function toRoman(n: number): string {
  let out = ''
  for (const [value, letters] of ROMAN) {
    while (n >= value) {
      out += letters
      n -= value
    }
  }
  return out
}

/** 1 → "a", 26 → "z", 27 → "aa" (spreadsheet style, so long lists stay unambiguous). */
export function toAlpha(n: number): string {
  let out = ''
  while (n > 0) {
    const rem = (n - 1) % 26
    out = String.fromCharCode(97 + rem) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

/** The bare marker of the n-th item (1-based) at a level, without punctuation: "6", "b", "ii". */
export function markerFor(level: number, n: number): string {
  if (level <= 1) return String(n)
  if (level === 2) return toAlpha(n)
  if (level === 3) return toRoman(n)
  return toAlpha(n).toUpperCase()
}

/** The printed label: "6." at level 1, "(b)" below. */
export function labelFor(level: number, n: number): string {
  const marker = markerFor(level, n)
  return level <= 1 ? `${marker}.` : `(${marker})`
}

const ORDERED = 'orderedList'
const ITEM = 'listItem'

/**
 * Walks the document once and numbers every item of every ordered list.
 * Level-1 numbering runs through the whole document; deeper levels restart under each parent item.
 */
export function computeNumbering(doc: PMNode): NumberedItem[] {
  const items: NumberedItem[] = []
  let topCount = 0

  const visitList = (list: PMNode, listPos: number, level: number, parentRef: string, counter: { n: number }) => {
    list.forEach((item, offset) => {
      if (item.type.name !== ITEM) return
      const pos = listPos + 1 + offset
      counter.n += 1
      const n = level === 1 ? ++topCount : counter.n
      const marker = markerFor(level, n)
      const reference = level === 1 ? marker : `${parentRef}(${marker})`
      items.push({ pos, size: item.nodeSize, level, label: labelFor(level, n), reference })
      visitChildren(item, pos, level + 1, reference)
    })
  }

  // Deeper lists inside one parent share a counter, so a sub-list split by a paragraph keeps counting.
  const visitChildren = (parent: PMNode, parentPos: number, level: number, parentRef: string) => {
    const counter = { n: 0 }
    const walk = (node: PMNode, nodePos: number) => {
      node.forEach((child, offset) => {
        const childPos = nodePos + 1 + offset
        if (child.type.name === ORDERED) visitList(child, childPos, level, parentRef, counter)
        else if (child.type.name !== ITEM && !child.isTextblock && !child.isLeaf) walk(child, childPos)
      })
    }
    walk(parent, parentPos)
  }

  doc.forEach((child, offset) => {
    if (child.type.name === ORDERED) visitList(child, offset, 1, '', { n: 0 })
    else if (!child.isTextblock && !child.isLeaf) {
      // Ordered lists nested in a block quote or other container still count as level 1.
      child.descendants((node, pos) => {
        if (node.type.name === ORDERED) {
          visitList(node, offset + 1 + pos, 1, '', { n: 0 })
          return false
        }
        return node.type.name !== ITEM
      })
    }
  })
  return items
}

/**
 * Finds the references of many positions in one document, numbering it once: the innermost
 * numbered item containing a position, or null. Items come in document order, so the last one
 * starting before a position either contains it or is a finished sibling of one that does.
 */
export function referenceFinder(doc: PMNode): (pos: number) => string | null {
  const items = computeNumbering(doc)
  return (pos) => {
    let lo = 0
    let hi = items.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (items[mid].pos < pos) lo = mid + 1
      else hi = mid
    }
    for (let i = lo - 1; i >= 0; i--) {
      if (pos < items[i].pos + items[i].size) return items[i].reference
    }
    return null
  }
}

// Documents never change (each edit makes a new one): one numbering per document serves every
// lookup in it, e.g. the 300 comment anchors resolved after each keystroke.
const finders = new WeakMap<PMNode, (pos: number) => string | null>()

/** The reference ("6(b)") of the innermost numbered item containing a position, or null. */
export function paragraphReferenceAt(doc: PMNode, pos: number): string | null {
  let find = finders.get(doc)
  if (!find) finders.set(doc, (find = referenceFinder(doc)))
  return find(pos)
}
