import http from 'node:http'
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
/** @type {Set<import('node:http').ClientRequest>} */
const requests = new Set()
/** @type {Array<{ marker: string, kind: string, at: number }>} */
const arrivals = []
const sharedClock = () => Number(process.hrtime.bigint()) / 1e6
// One socket per stream, as each member's browser has (no pooling limit).
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })

/**
 * Reads one Server-Sent Events stream, noting each thread or feedback event that carries a marker;
 * calls opened once its response has begun. node:http rather than fetch: a web stream per response
 * costs several promises per chunk, and with 500 streams to a thread that cost, not the server, was
 * what the last streams' latency measured.
 */
function read(token, opened) {
  const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
    opened()
    res.setEncoding('utf8')
    let buffer = ''
    res.on('data', (chunk) => {
      const at = sharedClock()
      buffer += chunk
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const kind = /^event: (.*)$/m.exec(block)?.[1]
        const marker = /LIVE-\d+/.exec(block)?.[0]
        if (marker && (kind === 'thread' || kind === 'feedback')) arrivals.push({ marker, kind, at })
      }
    })
    res.on('error', () => {})
  })
  req.on('error', () => {})
  requests.add(req)
}

let open = 0
for (const token of tokens) void read(token, () => ++open === tokens.length && parentPort.postMessage({ type: 'ready' }))
parentPort.on('message', (message) => {
  if (message.type !== 'stop') return
  for (const req of requests) req.destroy()
  parentPort.postMessage({ type: 'arrivals', arrivals })
})
