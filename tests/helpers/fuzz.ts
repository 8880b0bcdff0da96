import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

/** Malformed and hostile y-websocket frames, from a seeded generator, by kind. */
export function malformedFrame(rand: () => number, i: number): { kind: string; frame: Uint8Array } {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))
  const framed = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder()
    write(e)
    return encoding.toUint8Array(e)
  }
  switch (i % 9) {
    case 0:
      return { kind: 'random bytes', frame: bytes(Math.floor(rand() * 64)) }
    case 1:
      // A varint whose continuation bit never ends.
      return { kind: 'truncated varint', frame: Uint8Array.from({ length: 1 + Math.floor(rand() * 12) }, () => 0x80 | Math.floor(rand() * 128)) }
    case 2:
      return {
        kind: 'huge length prefix',
        frame: framed((e) => {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 2)
          encoding.writeVarUint(e, 2 ** 31 + Math.floor(rand() * 2 ** 20))
          encoding.writeUint8Array(e, bytes(8))
        }),
      }
    case 3:
      return { kind: 'unknown message type', frame: framed((e) => (encoding.writeVarUint(e, 4 + Math.floor(rand() * 1000)), encoding.writeUint8Array(e, bytes(4)))) }
    case 4:
      return { kind: 'unknown sync type', frame: framed((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 3 + Math.floor(rand() * 100)), encoding.writeVarUint8Array(e, bytes(4)))) }
    case 5:
      return { kind: 'garbage Yjs update', frame: framed((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, bytes(1 + Math.floor(rand() * 40))))) }
    case 6:
      return { kind: 'garbage awareness', frame: framed((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, bytes(1 + Math.floor(rand() * 40))))) }
    case 7: {
      // A well-formed update whose items depend on content nobody has (missing dependencies, absurd clocks).
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 2)
      const u = encoding.createEncoder()
      encoding.writeVarUint(u, 1) // one client
      encoding.writeVarUint(u, 1) // one struct
      encoding.writeVarUint(u, 1 + Math.floor(rand() * 1e6)) // client id
      encoding.writeVarUint(u, Math.floor(rand() * 2 ** 40)) // absurd clock
      encoding.writeUint8(u, 4 | 0x80) // ContentString with a left origin
      encoding.writeVarUint(u, 12345) // origin client
      encoding.writeVarUint(u, Math.floor(rand() * 2 ** 30)) // origin clock nobody has
      encoding.writeVarString(u, 'orphan')
      encoding.writeVarUint(u, 0) // empty delete set
      encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
      return { kind: 'missing dependencies', frame: encoding.toUint8Array(e) }
    }
    default: {
      // An update cut short at a random byte.
      const doc = new Y.Doc()
      doc.getXmlFragment('default').insert(0, [new Y.XmlText(`cut ${i}`)])
      const full = Y.encodeStateAsUpdate(doc)
      return { kind: 'truncated update', frame: framed((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, full.subarray(0, 1 + Math.floor(rand() * (full.length - 2)))))) }
    }
  }
}
