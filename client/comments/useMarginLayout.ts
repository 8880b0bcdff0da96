import { useEffect, useRef, type RefObject } from 'react'
import type { Editor } from '@tiptap/react'
import type { Node as PMNode } from '@tiptap/pm/model'
import { marginPositions } from './marginPositions'
import { commentHighlightsKey, threadPlace } from './CommentHighlights'
import { changeMap, docChange, textblockAround } from './docChange'

/** A card of the margin flow: its thread (or "draft") and where its passage starts in the document. */
export interface MarginAnchor {
  id: string
  from: number
}

/** The attribute a card carries so the margin finds it (its value is the MarginAnchor id). */
export const MARGIN_ID = 'data-margin-id'

/** Where the last pass found the passages: per card, its position in `doc` and its top (px from the margin's top). */
interface Measured {
  doc: PMNode
  /** The margin's top relative to the page's, and the page's width: when either changes, every passage moves. */
  offset: number
  width: number
  height: number
  at: Map<string, { from: number; y: number }>
}

/**
 * Places the cards of the margin level with their passages (see marginPositions). One pass per
 * animation frame at most: read the passages' coordinates and the cached card heights, then
 * write the places that changed. It runs when the document changes (someone types), the
 * cards, their sizes or the active card change; scrolling needs nothing, since the document and
 * the margin scroll together. After an edit inside one paragraph only the passages in that
 * paragraph are measured again: those above it have not moved, and those below it all moved by
 * the same amount, which one of them tells (with 300 threads, two or three coordsAtPos instead of 300).
 * `controls` is the sticky bar above the margin: a newly active card under it is scrolled out.
 */
export function useMarginLayout(opts: {
  editor: Editor | null
  margin: RefObject<HTMLElement | null>
  controls: RefObject<HTMLElement | null>
  anchors: MarginAnchor[]
  activeId: string | null
  enabled: boolean
}): void {
  const latest = useRef(opts)
  latest.current = opts
  const frame = useRef(0)
  const heights = useRef(new WeakMap<Element, number>())
  // What each card was last given, so a pass compares strings instead of reading 300 styles back.
  const written = useRef(new WeakMap<Element, { at: string; visibility: string }>())
  const observed = useRef(new WeakSet<Element>())
  const shownActive = useRef<string | null>(null)
  const schedule = useRef(() => {})
  const sizes = useRef<ResizeObserver | null>(null)
  const measured = useRef<Measured | null>(null)
  // Set when the page changed size for another reason than the edits a pass measures (a window
  // resize, a font or an image loaded): the next pass measures every passage.
  const remeasure = useRef(false)

  schedule.current = () => {
    if (frame.current) return
    frame.current = requestAnimationFrame(() => {
      frame.current = 0
      layout()
    })
  }

  const layout = () => {
    const { editor, margin, controls, anchors, activeId, enabled } = latest.current
    const box = margin.current
    if (!box) return
    // Hidden (the Proposals tab is shown): nothing to measure. Its size changes when it is shown
    // again, and the ResizeObserver lays it out then.
    if (!observed.current.has(box)) {
      observed.current.add(box)
      sizes.current?.observe(box)
    }
    if (box.offsetParent === null) return
    const cards = new Map<string, HTMLElement>()
    for (const el of box.querySelectorAll<HTMLElement>(`:scope > [${MARGIN_ID}]`)) cards.set(el.getAttribute(MARGIN_ID)!, el)
    if (!enabled || !editor || editor.isDestroyed) {
      for (const el of cards.values()) {
        el.style.top = ''
        el.style.visibility = ''
        written.current.delete(el)
      }
      box.style.minHeight = ''
      return
    }
    // Read everything first.
    const top = box.getBoundingClientRect().top
    const page = editor.view.dom.getBoundingClientRect()
    const { doc } = editor.state
    const size = doc.content.size
    const measure = (from: number) => {
      try {
        return editor.view.coordsAtPos(Math.min(Math.max(from, 0), size)).top - top
      } catch {
        // The view is being updated; the next pass places it.
        return 0
      }
    }
    const known = remeasure.current ? null : sameFrame(measured.current, top - page.top, page.width)
    remeasure.current = false
    // What the document's edits since the last pass changed, and the paragraph they changed.
    const change = known && known.doc !== doc ? docChange(known.doc, doc) : null
    const moves = change && changeMap(change)
    const edited = change && textblockAround(doc, change.start, change.endB)
    const partial = !!known && (!change || !!edited)
    let shift: number | null = null
    const at = new Map<string, { from: number; y: number }>()
    const items = []
    for (const a of anchors) {
      const el = cards.get(a.id)
      if (!el) continue
      if (!observed.current.has(el)) {
        observed.current.add(el)
        sizes.current?.observe(el)
      }
      // Where its passage is now: typing that moved it did not re-render the panel.
      const from = threadPlace(editor.state, a.id)?.from ?? a.from
      const last = partial ? known.at.get(a.id) : undefined
      let want: number
      if (!last || (moves ? moves.map(last.from, 1) : last.from) !== from) want = measure(from)
      else if (!edited || from < edited.from) want = last.y
      else if (from <= edited.to) want = measure(from)
      else want = last.y + (shift ??= measure(from) - last.y)
      at.set(a.id, { from, y: want })
      items.push({ id: a.id, want, height: heights.current.get(el) ?? el.offsetHeight })
    }
    measured.current = { doc, offset: top - page.top, width: page.width, height: page.height, at }
    const pageBottom = page.bottom - top
    const controlsBottom = controls.current?.getBoundingClientRect().bottom ?? 0
    // Then write.
    const tops = marginPositions(items, activeId)
    // Cards glide when another one becomes active (the eye follows them); when typing moves them
    // they jump with the text, as it does (a hundred cards in transition at once cost frames).
    const transition = activeId !== shownActive.current ? '' : 'none'
    let bottom = pageBottom
    for (const item of items) {
      const y = tops.get(item.id)!
      const card = cards.get(item.id)!
      // Only what changed is written: an unchanged style costs the browser nothing to restyle. A card
      // is placed by its `top`, not a transform: 300 transformed cards are 300 paint chunks that
      // Chromium sorts into layers on every frame, scrolling included.
      const at = `${Math.round(y)}px`
      // Pushed above the margin by the active card: out of sight and out of the tab order until it comes back.
      const visibility = y + item.height < 0 ? 'hidden' : ''
      const was = written.current.get(card)
      if (was?.at !== at) {
        card.style.transition = transition
        card.style.top = at
      }
      if ((was?.visibility ?? '') !== visibility) card.style.visibility = visibility
      if (was?.at !== at || was?.visibility !== visibility) written.current.set(card, { at, visibility })
      bottom = Math.max(bottom, y + item.height)
    }
    const minHeight = `${Math.ceil(bottom)}px`
    if (box.style.minHeight !== minHeight) box.style.minHeight = minHeight
    // A card just made active that sits under the sticky controls: scroll just enough to show it
    // (its passage, level with it, moves down with it and stays in view).
    if (activeId !== shownActive.current) {
      shownActive.current = activeId
      const y = activeId === null ? undefined : tops.get(activeId)
      if (y !== undefined && top + y < controlsBottom) window.scrollBy({ top: top + y - controlsBottom - 8 })
    }
  }

  useEffect(() => {
    const run = () => schedule.current()
    const resized = () => {
      remeasure.current = true
      run()
    }
    sizes.current = new ResizeObserver((entries) => {
      for (const e of entries) heights.current.set(e.target, e.borderBoxSize[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight)
      run()
    })
    window.addEventListener('resize', resized)
    return () => {
      sizes.current?.disconnect()
      window.removeEventListener('resize', resized)
      cancelAnimationFrame(frame.current)
      frame.current = 0
    }
  }, [])

  // The document's page changed size (a line more or less, a paragraph made a heading), or its text changed.
  const { editor } = opts
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const run = () => schedule.current()
    const page = new ResizeObserver(([entry]) => {
      const m = measured.current
      const box = entry.borderBoxSize[0]
      // A pass after an edit already measured the page at this size.
      if (m && box && Math.abs(box.inlineSize - m.width) < 0.5 && Math.abs(box.blockSize - m.height) < 0.5) return
      remeasure.current = true
      run()
    })
    page.observe(editor.view.dom)
    run()
    // An edit, or passages found again: laid out in the next frame, without a render of the panel.
    let places = commentHighlightsKey.getState(editor.state)?.places
    const moved = ({ transaction }: { transaction: { docChanged: boolean } }) => {
      const now = commentHighlightsKey.getState(editor.state)?.places
      if (!transaction.docChanged && now === places) return
      places = now
      run()
    }
    editor.on('transaction', moved)
    return () => {
      page.disconnect()
      editor.off('transaction', moved)
    }
  }, [editor])

  // The cards or the active one changed.
  useEffect(() => schedule.current(), [opts.anchors, opts.activeId, opts.enabled])
}

/** The last pass's measures, if the margin and the page are still placed as they were then (else every passage is measured again). */
function sameFrame(m: Measured | null, offset: number, width: number): Measured | null {
  return m && Math.abs(m.offset - offset) < 0.5 && m.width === width ? m : null
}
