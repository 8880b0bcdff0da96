import { DomainError } from '../../http/DomainError.js'
import { waitInLine } from '../../http/waitInLine.js'

/** Seconds a refused caller is told to wait: about one conversion of a long document. */
const RETRY_AFTER_SECONDS = 10

/**
 * One conversion at a time, the next few waiting their turn in order: LibreOffice takes a core for
 * a second or more, and a crowd asking for PDFs must not take the server from everyone else. Past
 * `maxWaiting` callers are refused at once with 503 pdf_busy and Retry-After; one who goes away
 * while waiting (`signal`) leaves the queue.
 */
export class ConversionQueue {
  private running = false
  private readonly waiting: Array<() => void> = []
  /** Whose conversions are running or waiting: one each, so one person cannot fill the queue for everyone. */
  private readonly callers = new Set<string>()

  constructor(private readonly maxWaiting: number) {}

  /**
   * Runs `work` when its turn comes; refused when the queue is full (503 pdf_busy) or when `caller`
   * already has a conversion running or waiting (429 pdf_one_at_a_time).
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal, caller?: string): Promise<T> {
    signal?.throwIfAborted()
    if (caller !== undefined && this.callers.has(caller)) {
      throw new DomainError('too_many', 'pdf_one_at_a_time', 'your previous PDF is still being made; ask again once it has arrived', { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } })
    }
    await this.turn(signal)
    if (caller !== undefined) this.callers.add(caller)
    try {
      return await work()
    } finally {
      if (caller !== undefined) this.callers.delete(caller)
      const next = this.waiting.shift()
      if (next) next()
      else this.running = false
    }
  }

  private turn(signal?: AbortSignal): Promise<void> {
    if (!this.running) {
      this.running = true
      return Promise.resolve()
    }
    if (this.waiting.length >= this.maxWaiting) {
      throw new DomainError('unavailable', 'pdf_busy', 'other PDF conversions are running; try again in a few seconds', { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } })
    }
    return waitInLine(this.waiting, signal, 'the PDF was abandoned while waiting')
  }
}
