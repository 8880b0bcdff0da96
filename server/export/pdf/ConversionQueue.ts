import { DomainError } from '../../http/DomainError.js'

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

  constructor(private readonly maxWaiting: number) {}

  /** Runs `work` when its turn comes; refused (pdf_busy) when the queue is full. */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted()
    await this.turn(signal)
    try {
      return await work()
    } finally {
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
    return new Promise((resolve, reject) => {
      const start = () => {
        signal?.removeEventListener('abort', leave)
        resolve()
      }
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(start), 1)
        reject(new Error('the PDF was abandoned while waiting'))
      }
      this.waiting.push(start)
      signal?.addEventListener('abort', leave, { once: true })
    })
  }
}
