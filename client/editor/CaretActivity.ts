import type { Awareness } from 'y-protocols/awareness'

/** How long a person's caret label stays after they last moved, as in Google Docs. */
export const CARET_LABEL_SHOWN_MS = 2000
const FADED = 'collaboration-carets__label--faded'

/** Who a caret belongs to, the same for the awareness state and the caret drawn from it. */
const keyOf = (user: Record<string, unknown> | undefined): string => `${String(user?.name ?? '')}\u0000${String(user?.delegation ?? '')}`

/**
 * Fades other people's caret labels once they have not moved for a moment, and shows them again
 * on their next move. The carets are redrawn whenever ProseMirror likes, so the time of each
 * person's last move is kept here and every label drawn (label()) starts in the right state.
 */
export class CaretActivity {
  private readonly lastMove = new Map<string, number>()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly labels = new Map<string, Set<HTMLElement>>()

  constructor(private readonly awareness: Awareness) {}

  /** Follows the awareness states' moves until the returned function is called (the editor is gone). */
  listen(): () => void {
    this.awareness.on('change', this.onChange)
    return () => {
      this.awareness.off('change', this.onChange)
      this.timers.forEach((t) => clearTimeout(t))
    }
  }

  /** Registers a freshly drawn label: faded already when its person has been still long enough. */
  label(user: Record<string, unknown>, element: HTMLElement): void {
    const key = keyOf(user)
    element.dataset.caretKey = key
    let set = this.labels.get(key)
    if (!set) this.labels.set(key, (set = new Set()))
    // Labels no longer on the page are forgotten as new ones come.
    for (const old of set) if (!old.isConnected) set.delete(old)
    set.add(element)
    if (!this.lastMove.has(key)) this.moved(key)
    else if (Date.now() - this.lastMove.get(key)! >= CARET_LABEL_SHOWN_MS) element.classList.add(FADED)
  }

  private readonly onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) {
      if (id === this.awareness.clientID) continue
      const state = this.awareness.getStates().get(id)
      if (state?.cursor) this.moved(keyOf(state.user as Record<string, unknown> | undefined))
    }
  }

  private moved(key: string): void {
    this.lastMove.set(key, Date.now())
    this.labels.get(key)?.forEach((l) => l.classList.remove(FADED))
    clearTimeout(this.timers.get(key))
    this.timers.set(
      key,
      setTimeout(() => this.labels.get(key)?.forEach((l) => l.classList.add(FADED)), CARET_LABEL_SHOWN_MS),
    )
  }
}
