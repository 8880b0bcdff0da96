import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { PERMANENT_CLOSE_CODES, COLLAB_PATH, describeCloseCode } from '../../shared/protocol/closeCodes'
import { forgetRemembered } from '../offline/offlineSession'

/** What the connection indicator shows. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'

export interface CollabConnectionState {
  status: ConnectionStatus
  /** Local changes the server has not confirmed yet (made while not connected and synced). */
  unsyncedChanges: number
  /** Why the server ended the connection for good (document deleted, not found …). */
  closedReason?: string
  /** The close code it ended with, so the interface can say why in the reader's language. */
  closedCode?: number
  /**
   * The content is here to show: the server's copy arrived, or (offline, or no answer within
   * OFFLINE_COPY_AFTER_MS) this browser's offline copy was read and is not empty.
   */
  loaded: boolean
}

/** How long a page waits for the server's copy of a document before showing the offline copy. */
const OFFLINE_COPY_AFTER_MS = 1000

export interface CollabSession {
  ydoc: Y.Doc
  provider: WebsocketProvider
  local: IndexeddbPersistence
  /** The permanent close, if the server ended the connection before the page listened. */
  closed?: { code: number; reason: string }
}

function collabServerUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${COLLAB_PATH}`
}

function openSession(docId: string): CollabSession {
  const ydoc = new Y.Doc()
  const local = new IndexeddbPersistence(`plenary-doc-${docId}`, ydoc)
  const provider = new WebsocketProvider(collabServerUrl(), docId, ydoc, {
    disableBc: true,
    shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
  })
  const session: CollabSession = { ydoc, provider, local }
  provider.on('closed', (event) => (session.closed = event))
  return session
}

function closeSession({ ydoc, provider, local }: CollabSession): void {
  provider.destroy()
  void local.destroy()
  ydoc.destroy()
}

/** Deletes every document's offline copy in this browser, and what opens them offline (on sign-out). */
export async function forgetOfflineCopies(): Promise<void> {
  dropEarly()
  forgetRemembered()
  const databases = (await indexedDB.databases?.()) ?? []
  await Promise.all(
    databases
      .filter((d) => d.name?.startsWith('plenary-doc-'))
      .map((d) => new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(d.name!)
        request.onsuccess = request.onerror = request.onblocked = () => resolve()
      })),
  )
}

/** A session opened while the app was still starting, waiting for the editor page to take it. */
let early: { docId: string; session: CollabSession; timer: ReturnType<typeof setTimeout> } | null = null

/**
 * Opens a document's connection at page load, before the app knows who is signed in, so the
 * websocket handshake and the sync run while the rest of the page starts. The editor page takes
 * it over; if nobody does (signed out, another page) it is closed.
 */
export function openEarly(docId: string): void {
  dropEarly()
  early = { docId, session: openSession(docId), timer: setTimeout(dropEarly, 10_000) }
}

export function dropEarly(): void {
  if (!early) return
  clearTimeout(early.timer)
  closeSession(early.session)
  early = null
}

function takeEarly(docId: string): CollabSession | null {
  if (early?.docId !== docId) return null
  clearTimeout(early.timer)
  const { session } = early
  early = null
  return session
}

/**
 * One document's live session: a Y.Doc kept in IndexedDB (so edits made offline survive a
 * reload) and synced over the y-websocket provider. Returns the session once created, and the
 * connection state for the indicator.
 */
export function useCollabDocument(docId: string): { session: CollabSession | null; state: CollabConnectionState } {
  const [session, setSession] = useState<CollabSession | null>(null)
  const [state, setState] = useState<CollabConnectionState>({ status: 'connecting', unsyncedChanges: 0, loaded: false })

  useEffect(() => {
    const session = takeEarly(docId) ?? openSession(docId)
    const { ydoc, provider, local } = session
    let everConnected = provider.synced
    let unsynced = 0
    let closedReason: string | undefined
    let closedCode: number | undefined
    let loaded = provider.synced

    const publish = () => {
      let status: ConnectionStatus
      if (closedReason) status = 'closed'
      else if (provider.wsconnected && provider.synced) status = 'connected'
      else if (!navigator.onLine) status = 'offline'
      else status = everConnected ? 'reconnecting' : 'connecting'
      setState({ status, unsyncedChanges: unsynced, closedReason, closedCode, loaded })
    }
    const showContent = () => {
      if (loaded) return
      loaded = true
      publish()
    }
    // Without the server (offline, a connection that does not come, or one refused for good), the
    // offline copy, if this browser has one (an empty editor would only mislead).
    let unmounted = false
    const showOfflineCopy = () => void local.whenSynced.then(() => !unmounted && ydoc.store.clients.size > 0 && showContent())
    const offlineCopyTimer = setTimeout(showOfflineCopy, navigator.onLine ? OFFLINE_COPY_AFTER_MS : 0)
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
        loaded = true
      }
      publish()
    }
    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      closedReason = reason || describeCloseCode(code) || `closed with code ${code}`
      closedCode = code
      publish()
      showOfflineCopy()
    }
    ydoc.on('update', onUpdate)
    provider.on('sync', onSync)
    provider.on('status', publish)
    provider.on('closed', onClosed)
    window.addEventListener('online', publish)
    window.addEventListener('offline', publish)
    window.addEventListener('offline', showOfflineCopy)
    setSession(session)
    if (session.closed) onClosed(session.closed)
    publish()

    return () => {
      unmounted = true
      clearTimeout(offlineCopyTimer)
      window.removeEventListener('online', publish)
      window.removeEventListener('offline', publish)
      window.removeEventListener('offline', showOfflineCopy)
      closeSession(session)
      setSession(null)
    }
  }, [docId])

  return { session, state }
}
