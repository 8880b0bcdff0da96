/**
 * npm run soak [-- --rounds 300 --frames 500000 --requests 50000 --attacks 2000]: the long versions
 * of the fault tests — crash torture over hundreds of kill -9 rounds, fuzzing with hundreds of
 * thousands of malformed frames against a real server's message handler, hostile HTTP request
 * lines and headers against a real `npm start` process, and the document-poisoning attacks
 * (pending structs, pending deletions, claimed client ids) over real websockets. Prints a summary
 * and exits non-zero on failure.
 */
import { parseArgs } from 'node:util'
import { crashTorture, seeded } from '../helpers/crashTorture.js'
import { malformedFrame } from '../helpers/fuzz.js'
import { startTestServer, tempDataDir, removeDataDir } from '../helpers/testServer.js'
import { handleMessage, MalformedMessageError } from '../../server/transport/handleMessage.js'
import { SchemaViolationError, TooLargeError } from '../../server/transport/errors.js'
import { soakHttp, soakPoisoning } from './hostileSoak.js'
import { SocketConnection } from '../../server/transport/SocketConnection.js'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '300' },
    frames: { type: 'string', default: '500000' },
    requests: { type: 'string', default: '50000' },
    attacks: { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
  },
})
const seed = Number(values.seed)
let failed = false

console.log(`crash torture: ${values.rounds} rounds, seed ${seed}`)
const dataDir = tempDataDir()
const torture = await crashTorture(dataDir, { rounds: Number(values.rounds), writers: 4, seed, log: (l) => process.stdout.write(`\r${l}            `) })
console.log(`\n${torture.editsTyped} edits typed; ${torture.failures.length ? `FAILURES: ${torture.failures.join('; ')}` : 'nothing lost, converged, no duplicates'}`)
failed ||= torture.failures.length > 0
removeDataDir(dataDir)

console.log(`fuzz: ${values.frames} malformed frames, seed ${seed}`)
const server = await startTestServer()
const room = (await server.rooms.open(server.docIds.dgResponse))!
const before = room.doc.getXmlFragment('default').toString()
const sink = { readyState: 1, OPEN: 1, CLOSED: 3, CLOSING: 2, bufferedAmount: 0, send() {}, close() {}, terminate() {} }
const access = { principal: { user: server.people.swiss.user, via: 'token' as const, tokenId: 'soak' }, canEdit: true, proposesOnly: false, user: { userId: 'soak', name: 'Soak', delegation: '', role: 'member', color: '#000000' } }
const conn = new SocketConnection(sink as never, server.docIds.dgResponse, access, { messagesPerSecond: 1e9, maxBufferedBytes: 1e9 })
const rand = seeded(seed)
const started = performance.now()
let slowest = 0
for (let i = 0; i < Number(values.frames); i++) {
  const { frame } = malformedFrame(rand, i)
  const t = performance.now()
  try {
    handleMessage(server.rooms, room, conn, frame, { maxDocumentBytes: 64 * 1024 * 1024, maxAwarenessStateBytes: 8192 })
  } catch (error) {
    if (!(error instanceof MalformedMessageError || error instanceof TooLargeError || error instanceof SchemaViolationError)) {
      console.log(`frame ${i}: unexpected ${(error as Error).stack}`)
      failed = true
    }
  }
  slowest = Math.max(slowest, performance.now() - t)
}
await server.rooms.flush()
const intact = room.doc.getXmlFragment('default').toString() === before
console.log(`${values.frames} frames in ${((performance.now() - started) / 1000).toFixed(1)} s, slowest ${slowest.toFixed(2)} ms; document ${intact ? 'intact' : 'CHANGED'}`)
failed ||= !intact
await server.close()
removeDataDir(server.dataDir)

failed = !(await soakHttp(Number(values.requests), seed)) || failed
failed = !(await soakPoisoning(Number(values.attacks), seed)) || failed
console.log(failed ? 'soak FAILED' : 'soak passed')
process.exit(failed ? 1 : 0)
