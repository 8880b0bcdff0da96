import * as Y from 'yjs'
import { startChildServer, startChildWithDocument, type ChildServer } from './childServer.js'
import { connectClient, type YClient } from './yClient.js'
import { waitFor } from './waitFor.js'
import { bodyText, paragraphText, plainText, shareParagraph } from './bodyText.js'

/** A seeded generator, so a failing round can be replayed. */
export function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface TortureResult {
  rounds: number
  editsTyped: number
  editsSeenBeforeKills: number
  failures: string[]
}

/**
 * Crash torture: several writers type unique tokens while the server runs as a child process; at a
 * random moment it is killed with SIGKILL and restarted on the same DATA_DIR and port. A pure reader
 * (the witness) records what it had received at the moment of each kill. After each restart:
 * (1) everything the witness had seen is in the stored document, (2) every client converges to the
 * same content, (3) no token appears twice.
 */
export async function crashTorture(dataDir: string, options: { rounds: number; writers: number; seed: number; log?: (line: string) => void }): Promise<TortureResult> {
  const rand = seeded(options.seed)
  const failures: string[] = []
  const started = await startChildWithDocument(dataDir)
  let server: ChildServer = started.child
  const { token, docId } = started
  const port = new URL(server.url).port
  const writers: YClient[] = Array.from({ length: options.writers }, () => connectClient(server.wsUrl, docId, { token }))
  const witness = connectClient(server.wsUrl, docId, { token })
  await Promise.all([...writers, witness].map((c) => c.synced))
  await shareParagraph(writers[0].doc, writers.slice(1).map((w) => w.doc))
  let typed = 0
  let seenTotal = 0
  const typers = writers.map((w, wi) =>
    setInterval(() => {
      const text = paragraphText(w.doc)
      // Insert between whole tokens, so every token stays readable and can be counted.
      const current = plainText(text)
      const boundaries = [0]
      for (let at = current.indexOf(']'); at !== -1; at = current.indexOf(']', at + 1)) boundaries.push(at + 1)
      text.insert(boundaries[Math.floor(rand() * boundaries.length)], `[${wi}:${typed++}]`)
    }, 7 + wi),
  )
  try {
    for (let round = 0; round < options.rounds; round++) {
      await new Promise((r) => setTimeout(r, 100 + rand() * 400))
      // What the witness has received is what other people have seen: it must survive.
      const seen = Y.encodeStateAsUpdate(witness.doc)
      const seenText = bodyText(witness.doc)
      seenTotal += (seenText.match(/\[\d+:\d+\]/g) ?? []).length
      server.process.kill('SIGKILL')
      await server.exited
      server = await startChildServer(dataDir, { PORT: port })
      // (1) Read what the restarted server has stored, before any client re-sends anything.
      const probe = connectClient(server.wsUrl, docId, { token })
      await probe.synced
      const check = new Y.Doc()
      Y.applyUpdate(check, Y.encodeStateAsUpdate(probe.doc))
      const before = bodyText(check)
      Y.applyUpdate(check, seen)
      if (bodyText(check) !== before) failures.push(`round ${round}: an update the witness had seen was lost`)
      probe.destroy()
      options.log?.(`round ${round + 1}/${options.rounds}: ${before.length} characters stored, witness had seen ${seenText.length}`)
    }
  } finally {
    for (const t of typers) clearInterval(t)
  }
  // (2) Everyone converges, (3) nothing is duplicated.
  try {
    await waitFor(
      () => {
        const texts = [...writers, witness].map((c) => bodyText(c.doc))
        if (!texts.every((t) => t === texts[0])) throw new Error('clients have not converged')
      },
      { timeout: 20_000 },
    )
  } catch {
    failures.push('clients did not converge after the last restart')
  }
  const final = bodyText(witness.doc)
  const tokens = final.match(/\[\d+:\d+\]/g) ?? []
  if (new Set(tokens).size !== tokens.length) failures.push('a token appears twice')
  if (tokens.length !== typed) failures.push(`${typed} tokens typed, ${tokens.length} in the document`)
  for (const c of [...writers, witness]) c.destroy()
  server.process.kill('SIGTERM')
  await server.exited
  return { rounds: options.rounds, editsTyped: typed, editsSeenBeforeKills: seenTotal, failures }
}
