import * as Y from 'yjs'
import { startPlenary, type BenchServer } from '../servers.js'
import { BenchClient } from '../client.js'
import { now, sleep, summarize } from '../stats.js'
import { paragraphText, typeText } from '../../tests/helpers/bodyText.js'
import type { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'

/**
 * A paragraph typed one character at a time: `edits` single-character updates (the first also
 * creates the paragraph), each stored as its own row.
 */
function typedHistory(edits: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const alphabet = 'abcdefghijklmnopqrstuvwxyz ,.'
  for (let i = 0; i < edits; i++) {
    // Mostly appending, sometimes going back, like real typing.
    const length = i ? paragraphText(doc).length : 0
    const at = i % 50 === 49 && length > 10 ? length - 1 - (i % 7) : length
    typeText(doc, at, alphabet[i % alphabet.length])
  }
  return updates
}

async function timeToSync(server: BenchServer, doc: string): Promise<number> {
  const t0 = now()
  const c = new BenchClient(server, doc)
  await c.synced
  const t = now() - t0
  c.close()
  return t
}

/**
 * Cold load of a 260,000-edit document (Plenary only: the reference servers keep nothing):
 * connect → synced from the raw update log, then again after the log was compacted; stored bytes;
 * and how long another document's edits are held up meanwhile.
 */
export async function coldLoad(options: { edits: number }) {
  const updates = typedHistory(options.edits)
  let bytesBefore = 0
  const server = await startPlenary(['cold', 'neighbour'], {
    env: { DOC_UNLOAD_DELAY_MS: '300' },
    content: (storage: SqliteDocumentStore) => {
      const insert = storage.db.prepare('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)')
      storage.db.transaction(() => {
        for (const u of updates) insert.run('cold', u)
      })()
      bytesBefore = storage.storedBytes('cold')
    },
  })
  try {
    // A neighbour document keeps typing; its peer measures every delivery while the cold document loads.
    const writer = new BenchClient(server, 'neighbour', { holdDoc: true })
    const reader = new BenchClient(server, 'neighbour')
    await Promise.all([writer.synced, reader.synced])
    const sent = new Map<string, number>()
    // Each delivery's latency, by the phase in which the edit was sent.
    const stalls = { load: [] as number[], compaction: [] as number[], reload: [] as number[] }
    let phase: keyof typeof stalls | null = null
    const phaseOf = new Map<string, keyof typeof stalls>()
    reader.onRaw = (data) => {
      for (const m of data.toString('latin1').matchAll(/<<n\d+>>/g)) {
        const t = sent.get(m[0])
        const p = phaseOf.get(m[0])
        if (t !== undefined && p) stalls[p].push(now() - t)
      }
    }
    writer.doc!.on('update', (u: Uint8Array, origin: unknown) => origin !== writer && writer.sendUpdate(u))
    let n = 0
    const typing = setInterval(() => {
      const token = `<<n${n++}>>`
      sent.set(token, now())
      if (phase) phaseOf.set(token, phase)
      typeText(writer.doc!, 0, token)
    }, 10)
    await sleep(300)
    phase = 'load'
    const beforeCompaction = await timeToSync(server, 'cold')
    // The compaction runs now (in the worker, in small steps): wait until no update row is left. (An
    // index lookup: anything slower here would hold this process's event loop and show up as a stall.)
    phase = 'compaction'
    const { SqliteDocumentStore } = await import('../../server/persistence/sqlite/SqliteDocumentStore.js')
    const storage = new SqliteDocumentStore(server.dataDir!)
    const rowsLeft = storage.db.prepare("SELECT EXISTS (SELECT 1 FROM doc_updates WHERE doc_id = 'cold') AS any")
    for (let i = 0; i < 120 && (rowsLeft.get() as { any: number }).any; i++) await sleep(500)
    // Let the document unload, then load it again from the compacted snapshot.
    phase = null
    await sleep(1000)
    phase = 'reload'
    const afterCompaction = await timeToSync(server, 'cold')
    await sleep(300)
    phase = null
    clearInterval(typing)
    await sleep(300)
    writer.terminate()
    reader.terminate()
    const bytesAfter = storage.storedBytes('cold')
    storage.close()
    return {
      edits: options.edits,
      beforeCompactionMs: beforeCompaction,
      afterCompactionMs: afterCompaction,
      bytesBefore,
      bytesAfter,
      duringLoad: summarize(stalls.load),
      duringCompaction: summarize(stalls.compaction),
      duringReload: summarize(stalls.reload),
    }
  } finally {
    await server.stop()
  }
}
