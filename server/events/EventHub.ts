import type { ServerResponse } from 'node:http'
import type { User } from '../auth/AccountStore.js'
import type { ChangeEvent, ChangeFeed } from './ChangeFeed.js'
import type { Transactional } from '../persistence/Transactional.js'
import { FeedSequencer } from './FeedSequencer.js'

export type { ChangeEvent } from './ChangeFeed.js'

/** Renders the current state of an entity for one viewer, or null when they may not see it. */
export type Renderer = (entityId: string, viewer: User) => Promise<unknown | null>

/** Who a stream is for, as decided now: the user, the groups whose events they get, and when their sign-in expires. */
export interface StreamAccess {
  user: User
  groupIds: string[]
  /** When the session ends (ms since the epoch); Infinity for a token. */
  expiresAt: number
}

/** Decides a stream's access again: null once its session or token is revoked or expired, or its user deleted. */
export type StreamCheck = () => Promise<StreamAccess | null>

interface Subscriber {
  res: ServerResponse
  user: User
  groupIds: Set<string>
  expiresAt: number
  check: StreamCheck
  /** What is being written to the stream, in order: each event waits for the one before (rendering is asynchronous). */
  queue: Promise<void>
  /** Sequence numbers sent by the catch-up at subscription, not to be sent again when published. */
  replayed: Set<number>
  /** The Last-Event-ID it came with: it has every event up to this one. */
  since: number
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
  /** The feed's external version when the streams were last re-checked: it changes when another process commits. */
  private checkedVersion: number | undefined
  /** Puts published events in sequence order (see start()). */
  private sequencer: FeedSequencer | undefined
  /** In a cluster: told each event committed on this node, to relay it to the others. */
  onCommittedHere: ((event: ChangeEvent) => void) | null = null

  constructor(
    private readonly feed: ChangeFeed,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** How events of a kind are shown to a viewer. */
  register(kind: string, renderer: Renderer): void {
    this.renderers.set(kind, renderer)
  }

  /** Records a change; call inside the transaction that makes it. Returns the event to publish after commit. */
  async record(groupId: string, kind: string, entityId: string, userId: string | null = null): Promise<ChangeEvent> {
    return { seq: await this.feed.append(groupId, kind, entityId, userId), groupId, kind, entityId, userId }
  }

  /**
   * Makes a change in one transaction of `store` together with the events it records (fn pushes
   * them), then publishes them once it has committed: what streams receive is always stored.
   */
  async change<T>(store: Transactional, fn: (events: ChangeEvent[]) => Promise<T>): Promise<T> {
    const events: ChangeEvent[] = []
    const result = await store.transaction(() => fn(events))
    await this.publish(...events)
    return result
  }

  latestSeq(): Promise<number> {
    return this.feed.latestSeq()
  }

  /**
   * Pushes committed events to every stream whose viewer may see them. When another process (the
   * admin command line) has committed since the last re-check, the streams are re-checked first, so
   * a token it revoked gets nothing more even before the periodic re-check comes round.
   */
  async publish(...events: ChangeEvent[]): Promise<void> {
    if (events.length && this.subscribers.size && (await this.feed.externalVersion()) !== this.checkedVersion) await this.recheck()
    for (const event of events) {
      this.onCommittedHere?.(event)
      this.accept(event)
    }
  }

  /**
   * From now on events reach the streams in sequence order, each once, even when published out of
   * order or (in a cluster) relayed from other nodes, some of them lost: see FeedSequencer.
   */
  async start(): Promise<void> {
    this.sequencer = new FeedSequencer(this.feed, await this.feed.latestSeq(), (event) => this.deliver(event), this.onError)
  }

  /** An event committed on this node or another: delivered in order. */
  accept(event: ChangeEvent): void {
    if (this.sequencer) this.sequencer.accept(event)
    else this.deliver(event)
  }

  /** Reads the feed for events not yet delivered (a cluster's periodic check, or its relay coming back). */
  catchUp(): Promise<void> {
    return this.sequencer?.catchUp() ?? Promise.resolve()
  }

  private deliver(event: ChangeEvent): void {
    for (const sub of this.subscribers) {
      if (!sub.groupIds.has(event.groupId) || event.seq <= sub.since) continue
      if (event.userId && event.userId !== sub.user.id) continue
      this.enqueue(sub, event)
    }
  }

  /** Sends the event after everything queued for the stream before it (unless the catch-up sent it already). */
  private enqueue(sub: Subscriber, event: ChangeEvent): void {
    sub.queue = sub.queue.then(() => (sub.replayed.has(event.seq) ? undefined : this.send(sub, event))).catch(this.onError)
  }

  private async send(sub: Subscriber, event: ChangeEvent): Promise<void> {
    if (sub.res.writableEnded) return
    if (Date.now() >= sub.expiresAt) return this.end(sub)
    const view = await this.renderers.get(event.kind)?.(event.entityId, sub.user)
    if (sub.res.writableEnded) return
    if (view === null || view === undefined) return
    if (sub.res.writableLength > MAX_BUFFERED) {
      sub.res.destroy()
      return
    }
    sub.res.write(`id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(view)}\n\n`)
  }

  /**
   * Re-decides every open stream, as open websockets are re-decided: a stream whose session or token
   * was revoked or expired (or whose user was deleted) is ended; otherwise it carries on with the
   * user's current account and groups, so a group they were removed from sends them nothing more.
   */
  async recheck(): Promise<void> {
    this.checkedVersion = await this.feed.externalVersion()
    for (const sub of [...this.subscribers]) {
      const access = await sub.check()
      if (!access) {
        this.end(sub)
        continue
      }
      sub.user = access.user
      sub.groupIds = new Set(access.groupIds)
      sub.expiresAt = access.expiresAt
    }
  }

  /** Ends one stream now; the browser's reconnect then meets 401 (or its new rights). */
  private end(sub: Subscriber): void {
    this.subscribers.delete(sub)
    sub.res.end()
  }

  /** Opens an event stream: replays everything after `since`, then stays subscribed until closed or no longer allowed. */
  async subscribe(res: ServerResponse, access: StreamAccess, check: StreamCheck, since: number): Promise<void> {
    this.checkedVersion ??= await this.feed.externalVersion()
    const cursor = await this.latestSeq()
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write(`retry: 1000\n: cursor ${cursor}\n\n`)
    const sub: Subscriber = { res, user: access.user, groupIds: new Set(access.groupIds), expiresAt: access.expiresAt, check, queue: Promise.resolve(), replayed: new Set(), since }
    // Subscribed before the catch-up is read: what is published meanwhile waits behind it in the
    // stream's queue, and is skipped there when the catch-up already sent it.
    this.subscribers.add(sub)
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    res.on('close', () => {
      clearInterval(keepAlive)
      this.subscribers.delete(sub)
    })
    sub.queue = (async () => {
      for (const event of await this.feed.changedSince(since, access.user.id)) {
        if (!sub.groupIds.has(event.groupId)) continue
        sub.replayed.add(event.seq)
        await this.send(sub, event)
      }
    })().catch(this.onError)
    await sub.queue
  }

  /** Ends every stream (shutdown). */
  close(): void {
    this.sequencer?.close()
    for (const sub of this.subscribers) sub.res.end()
    this.subscribers.clear()
  }
}
