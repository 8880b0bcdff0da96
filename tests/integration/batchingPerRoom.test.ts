import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStores } from '../../server/persistence/sqlite/openSqliteStores.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { UpdateBatcher } from '../../server/documents/UpdateBatcher.js'
import { DocumentRoom } from '../../server/documents/DocumentRoom.js'
import type { Connection } from '../../server/documents/Connection.js'
import { createLogger } from '../../server/logger.js'
import { waitFor } from '../helpers/waitFor.js'
import { typeText } from '../helpers/bodyText.js'

/** A connection that records when frames reached it (the batcher's only view of a socket). */
class RecordingConnection implements Connection {
  static next = 1
  readonly id = RecordingConnection.next++
  readonly userId = 'reader'
  readonly canEdit = true
  readonly awarenessIds = new Set<number>()
  readonly received: number[] = []
  send(): void {
    this.received.push(performance.now())
  }
  sendFrames(): void {
    this.received.push(performance.now())
  }
  close(): void {}
}

/**
 * Batching is decided per document: a hot plenary waiting for its window never holds back a small
 * meeting's edits, and what the plenary gathered meanwhile is stored before it is sent.
 * A real SQLite store; the rooms' connections record what reached them.
 */
describe('batching per document', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-batching-'))
  const stores = openSqliteStores(dir)
  const storage = stores.sqlite
  afterAll(() => {
    stores.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('sends a quiet document\'s edit at once while a hot one waits for its window', async () => {
    const { groups } = accountAdapters(storage.database)
    groups.createGroup({ id: 'g', name: 'Group' })
    storage.createDocument({ id: 'plenary', groupId: 'g', title: 'Plenary' })
    storage.createDocument({ id: 'meeting', groupId: 'g', title: 'Meeting' })
    const batcher = new UpdateBatcher({
      storage: stores.documents,
      logger: createLogger('silent'),
      hotFlushMs: 5,
      broadcastSharePercent: 33,
      broadcastIntervalMs: 300,
      onStorageFailed: (error) => {
        throw error
      },
      onStored: () => undefined,
    })
    const hot = new DocumentRoom('plenary', (r) => batcher.awarenessChanged(r))
    const quiet = new DocumentRoom('meeting', (r) => batcher.awarenessChanged(r))
    const hotReader = new RecordingConnection()
    const quietReader = new RecordingConnection()
    hot.connections.add(hotReader)
    quiet.connections.add(quietReader)
    batcher.wire(hot)
    batcher.wire(quiet)
    // The plenary's last flush took 100 ms to send and has just ended: it may flush again in 200 ms.
    hot.lastFlushMs = 100
    hot.lastFlushAt = performance.now()
    const started = performance.now()
    typeText(hot.doc, 0, 'plenary ')
    typeText(quiet.doc, 0, 'meeting ')
    typeText(hot.doc, 0, 'again ')
    await waitFor(() => expect(quietReader.received.length).toBe(1))
    expect(hotReader.received).toEqual([])
    await waitFor(() => expect(hotReader.received.length).toBe(1), { timeout: 2000 })
    // The plenary's two edits went together, after its window, and were stored first.
    expect(hotReader.received[0] - started).toBeGreaterThanOrEqual(150)
    const stored = storage.loadContent('plenary')
    const check = new Y.Doc()
    for (const u of stored.updates) Y.applyUpdate(check, u)
    expect(check.getXmlFragment('default').toString()).toContain('again plenary')
    hot.destroy()
    quiet.destroy()
  })
})
