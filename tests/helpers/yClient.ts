import * as Y from 'yjs'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'

// y-websocket adds a process 'exit' listener per provider; tests open many.
process.setMaxListeners(200)

/** A ws WebSocket class that sends `Authorization: Bearer <token>` on the upgrade. */
export function bearerWebSocket(token: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Authorization: `Bearer ${token}` } })
    }
  } as unknown as typeof globalThis.WebSocket
}

export interface YClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first sync with the server completed. */
  synced: Promise<void>
  destroy(): void
}

/** A real y-websocket client in Node, connected to /collab/<docId> on a test server with a personal token. */
export function connectClient(wsUrl: string, docId: string, options: { token: string; doc?: Y.Doc; connect?: boolean }): YClient {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, docId, doc, {
    WebSocketPolyfill: bearerWebSocket(options.token),
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    provider.once('sync', () => resolve())
  })
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A bare `ws` socket for protocol-level tests, authenticated with a token when given. */
export function rawSocket(url: string, token?: string): WebSocket {
  return new WebSocket(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {})
}
