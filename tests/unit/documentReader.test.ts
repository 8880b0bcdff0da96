import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentReader } from '../../server/documents/DocumentReader.js'
import type { DocumentRooms } from '../../server/documents/DocumentRooms.js'
import type { DocumentRoom } from '../../server/documents/DocumentRoom.js'
import type { DocumentStore } from '../../server/documents/DocumentStore.js'
import { chairReportOutline, initialUpdate } from '../../server/seed/seedExampleWorkspace.js'

/** A document log of one document with its seed content, and no room unless one is set. */
function setup() {
  const log: Uint8Array[] = [initialUpdate(chairReportOutline())]
  let room: DocumentRoom | undefined
  let flushes = 0
  const rooms = { settle: async () => void flushes++, peek: () => room } as unknown as DocumentRooms
  const storage = {
    loadContent: async () => ({ snapshot: null, updates: [...log], lastSeq: log.length }),
    updatesAfter: async (_id: string, seq: number) => ({ updates: log.slice(seq), lastSeq: log.length }),
  } as unknown as DocumentStore
  return { reader: new DocumentReader(rooms, storage), log, setRoom: (r: DocumentRoom | undefined) => (room = r), flushes: () => flushes }
}

describe('reading a document’s current state', async () => {
  it('reads a copy from storage once per version, numbered, and destroys it when nobody holds it any more', async () => {
    const { reader, log } = setup()
    const first = await reader.read('doc')
    expect(first.text.split('\n')).toContain('1. [Mandate of the Working Group and the meetings held.]')
    expect(first.room).toBeUndefined()
    first.release()
    // Nothing stored since: the same copy, still alive (the cache holds it).
    const again = await reader.read('doc')
    expect(again.ydoc).toBe(first.ydoc)
    expect(first.ydoc.isDestroyed).toBe(false)
    // A stored update makes the next read a new copy; the old one ends once released.
    const edit = new Y.Doc()
    Y.applyUpdate(edit, log[0])
    edit.getXmlFragment('default').insert(0, [new Y.XmlElement('paragraph')])
    log.push(Y.encodeStateAsUpdate(edit, Y.encodeStateVector(again.ydoc)))
    const newer = await reader.read('doc')
    expect(newer.version).toBe(2)
    expect(newer.ydoc).not.toBe(again.ydoc)
    expect(again.ydoc.isDestroyed).toBe(false)
    again.release()
    expect(again.ydoc.isDestroyed).toBe(true)
    again.release()
    newer.release()
    expect(newer.ydoc.isDestroyed).toBe(false)
  })

  it('reads a loaded document from its live room, stored first, and never destroys the room’s doc', async () => {
    const { reader, log, setRoom, flushes } = setup()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, log[0])
    const room = { doc, lastSeq: 1, changes: 0, fullStateUpdate: () => Y.encodeStateAsUpdate(doc) } as unknown as DocumentRoom
    setRoom(room)
    const before = flushes()
    {
      using current = await reader.read('doc')
      expect(flushes()).toBe(before + 1)
      expect(current.room).toBe(room)
      expect(current.ydoc).toBe(doc)
      expect(current.pm).toBe((await reader.read('doc')).pm)
      expect(current.state().byteLength).toBeGreaterThan(0)
    }
    expect(doc.isDestroyed).toBe(false)
  })
})
