/**
 * Joins a waiting line (an array of entries the line's owner calls in turn): resolves when this
 * entry is called, after `onTurn`; when `signal` aborts first, leaves the line and rejects with
 * `abandoned`. Shared by the import pool and the PDF conversion queue.
 */
export function waitInLine(waiting: Array<() => void>, signal: AbortSignal | undefined, abandoned: string, onTurn: () => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = () => {
      signal?.removeEventListener('abort', leave)
      onTurn()
      resolve()
    }
    const leave = () => {
      waiting.splice(waiting.indexOf(start), 1)
      reject(new Error(abandoned))
    }
    waiting.push(start)
    signal?.addEventListener('abort', leave, { once: true })
  })
}
