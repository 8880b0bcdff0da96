import { useEffect, useRef, type RefObject } from 'react'
import type { Editor } from '@tiptap/react'
import { marginPositions } from './marginPositions'

/** A card of the margin flow: its thread (or "draft") and where its passage starts in the document. */
export interface MarginAnchor {
  id: string
  from: number
}

/** The attribute a card carries so the margin finds it (its value is the MarginAnchor id). */
export const MARGIN_ID = 'data-margin-id'

/**
 * Places the cards of the margin level with their passages (see marginPositions). One pass per
 * animation frame at most: read every passage's coordinates and the cached card heights, then
 * write every transform. It runs when the passages' positions, the cards, their sizes or the
 * active card change; scrolling needs nothing, since the document and the margin scroll together.
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
  const observed = useRef(new WeakSet<Element>())
  const shownActive = useRef<string | null>(null)
  const schedule = useRef(() => {})
  const sizes = useRef<ResizeObserver | null>(null)

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
        el.style.transform = ''
        el.style.visibility = ''
      }
      box.style.minHeight = ''
      return
    }
    // Read everything first.
    const top = box.getBoundingClientRect().top
    const size = editor.state.doc.content.size
    const items = []
    for (const a of anchors) {
      const el = cards.get(a.id)
      if (!el) continue
      if (!observed.current.has(el)) {
        observed.current.add(el)
        sizes.current?.observe(el)
      }
      let want = 0
      try {
        want = editor.view.coordsAtPos(Math.min(Math.max(a.from, 0), size)).top - top
      } catch {
        // The view is being updated; the next pass places it.
      }
      items.push({ id: a.id, want, height: heights.current.get(el) ?? el.offsetHeight })
    }
    const pageBottom = editor.view.dom.getBoundingClientRect().bottom - top
    const controlsBottom = controls.current?.getBoundingClientRect().bottom ?? 0
    // Then write.
    const tops = marginPositions(items, activeId)
    let bottom = pageBottom
    for (const item of items) {
      const y = tops.get(item.id)!
      const card = cards.get(item.id)!
      // Only what changed is written: an unchanged style costs the browser nothing to restyle.
      const transform = `translateY(${Math.round(y)}px)`
      if (card.style.transform !== transform) card.style.transform = transform
      // Pushed above the margin by the active card: out of sight and out of the tab order until it comes back.
      const visibility = y + item.height < 0 ? 'hidden' : ''
      if (card.style.visibility !== visibility) card.style.visibility = visibility
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
    sizes.current = new ResizeObserver((entries) => {
      for (const e of entries) heights.current.set(e.target, e.borderBoxSize[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight)
      run()
    })
    window.addEventListener('resize', run)
    return () => {
      sizes.current?.disconnect()
      window.removeEventListener('resize', run)
      cancelAnimationFrame(frame.current)
      frame.current = 0
    }
  }, [])

  // The document's page changed size (a line more or less, a paragraph made a heading). An edit
  // that moves passages changes their positions, hence `anchors`, once they are resolved after it:
  // listening to the editor's updates as well would lay out twice per keystroke.
  const { editor } = opts
  useEffect(() => {
    if (!editor || editor.isDestroyed) return
    const run = () => schedule.current()
    const page = new ResizeObserver(run)
    page.observe(editor.view.dom)
    run()
    return () => page.disconnect()
  }, [editor])

  // The cards or the active one changed.
  useEffect(() => schedule.current(), [opts.anchors, opts.activeId, opts.enabled])
}
