import v8 from 'node:v8'
import vm from 'node:vm'

/**
 * V8's full garbage collection, made callable at run time (as --expose-gc would), or null if
 * refused: a major collection, then V8's "last resort" pass, which hands the emptied pages back to
 * the system (after a plain major collection the heap shrinks but the process keeps its pages).
 */
export function exposeGc(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as (options?: object) => void
    return () => {
      gc()
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' })
    }
  } catch {
    return null
  }
}

/**
 * Gives memory back to the system after a crowd has left: once documents were unloaded in bulk
 * (at least `threshold` of them) and no more unloads came for `quietMs`, one full garbage
 * collection runs, which compacts the heap and returns its empty pages, and a second one
 * `secondAfterMs` later: the first frees the connections' JavaScript objects, whose native parts
 * (socket buffers) are only released by finalizers after it; the second returns what those freed
 * (idle bench: RSS 6 s after everyone left +20% of the start with one, −1.5% with both). V8 would
 * get there by itself much later; without this, the memory of a finished plenary stays with the
 * process.
 */
export class MemoryRelease {
  private unloads = 0
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly gc: (() => void) | null,
    private readonly threshold = 100,
    private readonly quietMs = 2000,
    private readonly secondAfterMs = 1000,
  ) {}

  noteUnload(): void {
    if (!this.gc) return
    this.unloads++
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.release(), this.quietMs)
    this.timer.unref()
  }

  private release(): void {
    if (this.unloads < this.threshold) return
    this.unloads = 0
    this.gc!()
    this.timer = setTimeout(() => this.gc!(), this.secondAfterMs)
    this.timer.unref()
  }

  stop(): void {
    clearTimeout(this.timer)
  }
}
