import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { PERMANENT_CLOSE_CODES, COLLAB_PATH, describeCloseCode } from '../../shared/protocol/closeCodes'

/** What the connection indicator shows. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'

export interface CollabConnectionState {
  status: ConnectionStatus
  /** Local changes the server has not confirmed yet (made while not connected and synced). */
  unsyncedChanges: number
  /** Why the server ended the connection for good (document deleted, not found …). */
  closedReason?: string
}

export interface CollabSession {
  ydoc: Y.Doc
  provider: WebsocketProvider
  local: IndexeddbPersistence
}

function collabServerUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`
}

/**
 * One document's live session: a Y.Doc kept in IndexedDB (so edits made offline survive a
 * reload) and synced over the y-websocket provider. Returns the session once created, and the
 * connection state for the indicator.
 */
export function useCollabDocument(docId: string): { session: CollabSession | null; state: CollabConnectionState } {
  const [session, setSession] = useState<CollabSession | null>(null)
  const [state, setState] = useState<CollabConnectionState>({ status: 'connecting', unsyncedChanges: 0 })

  useEffect(() => {
    const ydoc = new Y.Doc()
    const local = new IndexeddbPersistence(`plenary-doc-${docId}`, ydoc)
    const provider = new WebsocketProvider(collabServerUrl(), docId, ydoc, {
      disableBc: true,
      shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
    })
    let everConnected = false
    let unsynced = 0
    let closedReason: string | undefined

    const publish = () => {
      let status: ConnectionStatus
      if (closedReason) status = 'closed'
      else if (provider.wsconnected && provider.synced) status = 'connected'
      else if (!navigator.onLine) status = 'offline'
      else status = everConnected ? 'reconnecting' : 'connecting'
      setState({ status, unsyncedChanges: unsynced, closedReason })
    }
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === local) return
      if (!(provider.wsconnected && provider.synced)) {
        unsynced++
        publish()
      }
    }
    const onSync = (synced: boolean) => {
      if (synced) {
        everConnected = true
        unsynced = 0
      }
      publish()
    }
    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      closedReason = reason || describeCloseCode(code) || `closed with code ${code}`
      publish()
    }
    ydoc.on('update', onUpdate)
    provider.on('sync', onSync)
    provider.on('status', publish)
    provider.on('closed', onClosed)
    window.addEventListener('online', publish)
    window.addEventListener('offline', publish)
    setSession({ ydoc, provider, local })
    publish()

    return () => {
      window.removeEventListener('online', publish)
      window.removeEventListener('offline', publish)
      provider.destroy()
      void local.destroy()
      ydoc.destroy()
      setSession(null)
    }
  }, [docId])

  return { session, state }
}
