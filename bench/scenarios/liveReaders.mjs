import { parentPort, workerData } from 'node:worker_threads'

/**
 * A worker thread of the live-delivery benchmark: holds some of the subscribers' event streams, so
 * that reading 1,000 streams is spread over threads and the load generator is not what is measured.
 * Tells the main thread 'ready' once every stream is open, and on 'stop' sends back when each
 * marked event arrived, on the clock all threads share (the system's monotonic clock, process.hrtime; performance.timeOrigin differs per thread and follows the wall clock's drift).
 */
// Plain JavaScript: a worker thread does not inherit the tsx loader the benchmark runs under.
/** @type {{ url: string, tokens: string[] }} */
const { url, tokens } = workerData
const controller = new AbortController()
/** @type {Array<{ marker: string, kind: string, at: number }>} */
const arrivals = []
const sharedClock = () => Number(process.hrtime.bigint()) / 1e6

/** Reads one Server-Sent Events stream, noting each thread or feedback event that carries a marker; resolves once it is open. */
async function read(token, opened) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal })
  opened()
  let buffer = ''
  const decoder = new TextDecoder()
  try {
    for await (const chunk of res.body) {
      const at = sharedClock()
      buffer += decoder.decode(chunk, { stream: true })
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const kind = /^event: (.*)$/m.exec(block)?.[1]
        const marker = /LIVE-\d+/.exec(block)?.[0]
        if (marker && (kind === 'thread' || kind === 'feedback')) arrivals.push({ marker, kind, at })
      }
    }
  } catch {
    // aborted
  }
}

let open = 0
for (const token of tokens) void read(token, () => ++open === tokens.length && parentPort.postMessage({ type: 'ready' }))
parentPort.on('message', (message) => {
  if (message.type !== 'stop') return
  controller.abort()
  parentPort.postMessage({ type: 'arrivals', arrivals })
})
