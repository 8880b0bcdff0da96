import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import type { BenchServer } from './servers.js'

const SYNC = 0
const AWARENESS = 1
const AUTH = 2
const SYNC_REPLY = 4

/**
 * A lightweight client speaking the y-websocket protocol (and Hocuspocus' framing, which puts the
 * document name before every message and wants an auth message first). Readers hold no Y.Doc;
 * writers do, to make real updates and to check convergence.
 */
export class BenchClient {
  readonly ws: WebSocket
  readonly doc: Y.Doc | null
  readonly synced: Promise<void>
  private resolveSynced!: () => void
  onRaw: ((data: Buffer) => void) | null = null
  onAwareness: ((entries: Array<{ clientId: number; clock: number }>) => void) | null = null
  awarenessClock = 0
  readonly awarenessId = Math.floor(Math.random() * 2 ** 31)
  closed = false
  /** Whether the server's sync step 2 has arrived. */
  isSynced = false

  constructor(
    readonly server: BenchServer,
    readonly docName: string,
    options: { holdDoc?: boolean } = {},
  ) {
    this.doc = options.holdDoc ? new Y.Doc() : null
    this.synced = new Promise((r) => (this.resolveSynced = () => {
      this.isSynced = true
      r()
    }))
    const headers = server.token ? { Authorization: `Bearer ${server.token}` } : undefined
    this.ws = new WebSocket(server.url(docName), { headers, perMessageDeflate: false })
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('open', () => {
      if (server.kind === 'hocuspocus') {
        this.send((e) => {
          encoding.writeVarUint(e, AUTH)
          encoding.writeVarUint(e, 0)
          encoding.writeVarString(e, 'bench')
        })
      }
      this.send((e) => {
        encoding.writeVarUint(e, SYNC)
        syncProtocol.writeSyncStep1(e, this.doc ?? new Y.Doc())
      })
    })
    this.ws.on('message', (data: Buffer) => this.receive(data))
    this.ws.on('error', () => undefined)
    this.ws.on('close', () => (this.closed = true))
  }

  /** Encodes one message with the framing of this server and sends it. */
  send(write: (e: encoding.Encoder) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    const e = encoding.createEncoder()
    if (this.server.kind === 'hocuspocus') encoding.writeVarString(e, this.docName)
    write(e)
    this.ws.send(encoding.toUint8Array(e))
  }

  private receive(data: Buffer): void {
    this.onRaw?.(data)
    const d = decoding.createDecoder(data)
    if (this.server.kind === 'hocuspocus') decoding.readVarString(d)
    const type = decoding.readVarUint(d)
    if (type === SYNC || type === SYNC_REPLY) {
      const sub = decoding.readVarUint(d)
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const sv = decoding.readVarUint8Array(d)
        this.send((e) => {
          encoding.writeVarUint(e, SYNC)
          encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
          encoding.writeVarUint8Array(e, this.doc ? Y.encodeStateAsUpdate(this.doc, sv) : new Uint8Array([0, 0]))
        })
        return
      }
      const update = decoding.readVarUint8Array(d)
      if (this.doc) Y.applyUpdate(this.doc, update, this)
      if (sub === syncProtocol.messageYjsSyncStep2) this.resolveSynced()
    } else if (type === AWARENESS && this.onAwareness) {
      const inner = decoding.createDecoder(decoding.readVarUint8Array(d))
      const n = decoding.readVarUint(inner)
      const entries: Array<{ clientId: number; clock: number }> = []
      for (let i = 0; i < n; i++) {
        const clientId = decoding.readVarUint(inner)
        const clock = decoding.readVarUint(inner)
        decoding.readVarString(inner)
        entries.push({ clientId, clock })
      }
      this.onAwareness(entries)
    }
  }

  sendUpdate(update: Uint8Array): void {
    this.send((e) => {
      encoding.writeVarUint(e, SYNC)
      syncProtocol.writeUpdate(e, update)
    })
  }

  /** Announces a cursor position; returns the clock it used. */
  sendCursor(anchor: number): number {
    const clock = ++this.awarenessClock
    const state = JSON.stringify({ user: { name: `bench-${this.awarenessId}`, color: '#1d4ed8' }, cursor: { anchor, head: anchor } })
    this.send((e) => {
      encoding.writeVarUint(e, AWARENESS)
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, this.awarenessId)
      encoding.writeVarUint(inner, clock)
      encoding.writeVarString(inner, state)
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
    })
    return clock
  }

  close(): void {
    this.ws.close()
  }

  terminate(): void {
    this.ws.terminate()
  }
}

/**
 * Opens n clients on a document and waits until all are synced (or the timeout passes). Given
 * several servers (the nodes of a cluster), client i connects to server i mod their number.
 */
export async function connectMany(server: BenchServer | BenchServer[], docFor: (i: number) => string, n: number, options: { holdDoc?: (i: number) => boolean; batch?: number } = {}): Promise<BenchClient[]> {
  const servers = Array.isArray(server) ? server : [server]
  const clients: BenchClient[] = []
  const batch = options.batch ?? 50
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, (_, j) => new BenchClient(servers[(i + j) % servers.length], docFor(i + j), { holdDoc: options.holdDoc?.(i + j) }))
    clients.push(...group)
    await Promise.race([Promise.all(group.map((c) => c.synced)), new Promise((r) => setTimeout(r, 20_000))])
  }
  return clients
}
