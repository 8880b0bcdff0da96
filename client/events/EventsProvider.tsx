import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react'

type Listener = (data: any) => void

interface Events {
  on(kind: string, listener: Listener): () => void
  connected: boolean
}

const EventsContext = createContext<Events | null>(null)

/**
 * One Server-Sent Events stream for the signed-in person (GET /api/events). EventSource
 * reconnects by itself and sends Last-Event-ID, so after a network drop the server replays what
 * was missed: no reload, no duplicates (each event carries a whole entity), no gaps.
 */
export function EventsProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Map<string, Set<Listener>>())
  const [connected, setConnected] = useState(false)
  const attached = useRef(new Set<string>())
  const source = useRef<EventSource | null>(null)

  const attach = (kind: string) => {
    if (!source.current || attached.current.has(kind)) return
    attached.current.add(kind)
    source.current.addEventListener(kind, (e) => {
      const data = JSON.parse((e as MessageEvent).data)
      for (const l of listeners.current.get(kind) ?? []) l(data)
    })
  }

  useEffect(() => {
    const es = new EventSource('/api/events')
    source.current = es
    attached.current.clear()
    for (const kind of listeners.current.keys()) attach(kind)
    es.onopen = () => setConnected(true)
    es.onerror = () => setConnected(false)
    return () => {
      es.close()
      source.current = null
    }
  }, [])

  const value: Events = {
    connected,
    on(kind, listener) {
      if (!listeners.current.has(kind)) listeners.current.set(kind, new Set())
      listeners.current.get(kind)!.add(listener)
      attach(kind)
      return () => listeners.current.get(kind)?.delete(listener)
    },
  }
  return <EventsContext.Provider value={value}>{children}</EventsContext.Provider>
}

/** Calls listener with each live event of this kind while the component is mounted. */
export function useEvent(kind: string, listener: Listener): void {
  const events = useContext(EventsContext)
  const latest = useRef(listener)
  latest.current = listener
  useEffect(() => events?.on(kind, (d) => latest.current(d)), [events, kind])
}
