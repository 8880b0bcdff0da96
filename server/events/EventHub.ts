import type { ServerResponse } from 'node:http'
import type Database from 'better-sqlite3'
import type { User } from '../auth/AccountStore.js'

/** A change recorded in the events table: what changed, in which group, for whom. */
export interface ChangeEvent {
  seq: number
  groupId: string
  kind: string
  entityId: string
  /** Set for events meant for one person only (notifications). */
  userId: string | null
}

/** Renders the current state of an entity for one viewer, or null when they may not see it. */
export type Renderer = (entityId: string, viewer: User) => unknown | null

interface Subscriber {
  res: ServerResponse
  user: User
  groupIds: Set<string>
}

/** Bytes an event stream may have waiting before the server drops it (the client catches up on reconnect). */
const MAX_BUFFERED = 1024 * 1024

/**
 * Live delivery with catch-up. Every change is recorded with a sequence number in the same
 * transaction as the change itself (record), then pushed to the open event streams (publish) as
 * the current state of the entity, rendered for each viewer. A stream that reconnects with
 * Last-Event-ID receives the current state of everything that changed since: no gaps, and no
 * duplicates because each entity is sent as a whole state, replacing what the client had.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>()
  private readonly renderers = new Map<string, Renderer>()
  private readonly insert
  private readonly since
  private readonly latest

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO events (group_id, kind, entity_id, user_id, at) VALUES (?, ?, ?, ?, ?)')
    this.since = db.prepare(
      `SELECT kind, entity_id AS entityId, group_id AS groupId, user_id AS userId, MAX(seq) AS seq FROM events
       WHERE seq > ? AND (user_id IS NULL OR user_id = ?) GROUP BY kind, entity_id ORDER BY seq`,
    )
    this.latest = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')
  }

  /** How events of a kind are shown to a viewer. */
  register(kind: string, renderer: Renderer): void {
    this.renderers.set(kind, renderer)
  }

  /** Records a change; call inside the transaction that makes it. Returns the event to publish after commit. */
  record(groupId: string, kind: string, entityId: string, userId: string | null = null): ChangeEvent {
    const seq = Number(this.insert.run(groupId, kind, entityId, userId, Date.now()).lastInsertRowid)
    return { seq, groupId, kind, entityId, userId }
  }

  latestSeq(): number {
    return (this.latest.get() as { seq: number }).seq
  }

  /** Pushes committed events to every stream whose viewer may see them. */
  publish(...events: ChangeEvent[]): void {
    for (const event of events) {
      for (const sub of this.subscribers) {
        if (!sub.groupIds.has(event.groupId)) continue
        if (event.userId && event.userId !== sub.user.id) continue
        this.send(sub, event)
      }
    }
  }

  private send(sub: Subscriber, event: ChangeEvent): void {
    const view = this.renderers.get(event.kind)?.(event.entityId, sub.user)
    if (view === null || view === undefined) return
    if (sub.res.writableLength > MAX_BUFFERED) {
      sub.res.destroy()
      return
    }
    sub.res.write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(view)}\n\n`)
  }

  /** Opens an event stream: replays everything after `since`, then stays subscribed until closed. */
  subscribe(res: ServerResponse, user: User, groupIds: string[], since: number): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write(`retry: 1000\n: cursor ${this.latestSeq()}\n\n`)
    const sub: Subscriber = { res, user, groupIds: new Set(groupIds) }
    // Replay and subscribe in the same tick: nothing can be committed in between.
    for (const event of this.since.all(since, user.id) as ChangeEvent[]) {
      if (sub.groupIds.has(event.groupId)) this.send(sub, event)
    }
    this.subscribers.add(sub)
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    res.on('close', () => {
      clearInterval(keepAlive)
      this.subscribers.delete(sub)
    })
  }

  /** Ends every stream (shutdown). */
  close(): void {
    for (const sub of this.subscribers) sub.res.end()
    this.subscribers.clear()
  }
}
