/** One card of the margin: where its passage starts (px from the margin's top) and how tall it is. */
export interface MarginItem {
  id: string
  /** The top of its passage, in px from the top of the margin. */
  want: number
  height: number
}

/**
 * Where each card goes, as Google Docs and Word place them: level with its passage, pushed down
 * when it would overlap the one above. The active card sits exactly level with its passage and
 * the cards before it are pushed up instead, above the margin's top if need be (they come back
 * when another card is active). With no active card, nothing goes above the margin's top.
 * Items come in document order.
 */
export function marginPositions(items: MarginItem[], activeId: string | null, gap = 8): Map<string, number> {
  const tops: number[] = items.map((i) => i.want)
  const at = activeId === null ? -1 : items.findIndex((i) => i.id === activeId)
  if (at === -1 && tops.length > 0) tops[0] = Math.max(tops[0], 0)
  const pivot = Math.max(at, 0)
  // Downwards from the active card (or the first): each starts below the one before it.
  for (let i = pivot + 1; i < items.length; i++) tops[i] = Math.max(items[i].want, tops[i - 1] + items[i - 1].height + gap)
  // Upwards from the active card: each ends above the one after it.
  for (let i = pivot - 1; i >= 0; i--) tops[i] = Math.min(items[i].want, tops[i + 1] - items[i].height - gap)
  return new Map(items.map((item, i) => [item.id, tops[i]]))
}
