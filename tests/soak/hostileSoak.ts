/**
 * The soak's hostile parts: fuzzed HTTP against a real `npm start` process, and the attacks that
 * used to poison a document (pending structs, pending deletions, claimed client ids) over real
 * websockets. Each prints how many were tried, the crashes and the documents left unusable.
 */
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { seeded } from '../helpers/crashTorture.js'
import { hostileRequest, sendRaw } from '../helpers/httpFuzz.js'
import { startChildServer, startChildWithDocument } from '../helpers/childServer.js'
import { removeDataDir, tempDataDir } from '../helpers/testServer.js'
import { deletions, orphanStruct } from '../helpers/hostileUpdates.js'
import { connectClient } from '../helpers/yClient.js'
import { bodyText, typeText } from '../helpers/bodyText.js'
import { waitFor } from '../helpers/waitFor.js'
import { MessageType } from '../../shared/protocol/messages.js'

/** Sends `count` hostile requests (25 at a time) to a real server process; true when it never died nor answered 5xx. */
export async function soakHttp(count: number, seed: number): Promise<boolean> {
  console.log(`http fuzz: ${count} hostile request lines and headers against npm start, seed ${seed}`)
  const dataDir = tempDataDir()
  const child = await startChildServer(dataDir)
  const port = Number(new URL(child.url).port)
  const rand = seeded(seed)
  let fiveHundreds = 0
  let answered = 0
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, k) => hostileRequest(rand, start + k))
    const statuses = await Promise.all(batch.map((r) => sendRaw(port, r.bytes)))
    for (const s of statuses) {
      if (s >= 500) fiveHundreds++
      if (s) answered++
    }
    if (child.process.exitCode !== null) break
    if (start % 5000 === 0) process.stdout.write(`\r  ${start} sent   `)
  }
  const alive = child.process.exitCode === null && (await fetch(`${child.url}/healthz`)).status === 200
  console.log(`\r${count} requests: ${answered} answered, ${fiveHundreds} with 5xx, process ${alive ? 'alive' : 'DEAD'}`)
  child.process.kill('SIGKILL')
  await child.exited
  removeDataDir(dataDir)
  return alive && fiveHundreds === 0
}

const frame = (update: Uint8Array) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.sync)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}

/**
 * `count` poisoning attempts by a member against a real server process: orphan structs under random
 * ids and under a victim's id, deletions of content that does not exist. After every 100, and after
 * a restart, the victim must still type and a reader must see it. True when nothing crashed and no
 * document became unusable.
 */
export async function soakPoisoning(count: number, seed: number): Promise<boolean> {
  console.log(`poisoning: ${count} pending-struct and pending-delete attacks by a member, seed ${seed}`)
  const dataDir = tempDataDir()
  let { child, token, docId } = await startChildWithDocument(dataDir)
  const rand = seeded(seed)
  let unusable = 0
  const victimTypes = async (label: string): Promise<boolean> => {
    const victim = connectClient(child.wsUrl, docId, { token })
    const reader = connectClient(child.wsUrl, docId, { token })
    try {
      await Promise.all([victim.synced, reader.synced])
      const pending = victim.doc.store.pendingStructs || victim.doc.store.pendingDs
      typeText(victim.doc, 0, label)
      await waitFor(() => {
        if (!bodyText(reader.doc).includes(label)) throw new Error(`${label} not seen`)
      }, { timeout: 5000 })
      return !pending
    } catch {
      return false
    } finally {
      victim.destroy()
      reader.destroy()
    }
  }
  const attack = async (n: number) => {
    const ws = new WebSocket(`${child.wsUrl}/${docId}`, { headers: { Authorization: `Bearer ${token}` } })
    await new Promise((r) => ws.once('open', r))
    const client = 1 + Math.floor(rand() * 2 ** 31)
    const kind = n % 3
    ws.send(frame(kind === 0 ? orphanStruct(client) : kind === 1 ? deletions(client, 1 + Math.floor(rand() * 100_000)) : orphanStruct(client, 1 + Math.floor(rand() * 1000))))
    await new Promise((r) => setTimeout(r, 30))
    ws.terminate()
  }
  for (let i = 0; i < count; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => attack(i + k)))
    if (i % 200 === 0 && !(await victimTypes(`ok ${i} `))) unusable++
    if (child.process.exitCode !== null) break
  }
  // An ordinary restart, as in the report: the document must still work afterwards.
  child.process.kill('SIGTERM')
  await child.exited
  child = await startChildServer(dataDir)
  if (!(await victimTypes('after restart '))) unusable++
  const alive = child.process.exitCode === null
  console.log(`${count} attacks: process ${alive ? 'alive' : 'DEAD'}, ${unusable} times the document was unusable`)
  child.process.kill('SIGKILL')
  await child.exited
  removeDataDir(dataDir)
  return alive && unusable === 0
}
