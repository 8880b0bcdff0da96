import type { ServerResponse } from 'node:http'
import type { User } from '../auth/AccountStore.js'
import type { ChangeEvent, ChangeFeed } from './ChangeFeed.js'
import type { Transactional } from '../persistence/Transactional.js'
import { FeedSequencer } from './FeedSequencer.js'
import { AudienceRenderer, type Presenter, type Renderer } from './AudienceRenderer.js'

export type { ChangeEvent } from './ChangeFeed.js'
export type { Presentation, Presenter, Renderer } from './AudienceRenderer.js'

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
  /** Frames published while its catch-up is being sent, written after it; null once the catch-up is done. */
  held: Array<{ seq: number; frame: string }> | null
  /** Sequence numbers sent by the catch-up at subscription, not to be sent again when published. */
  replayed: Set<number>
  /** The Last-Event-ID it came with: it has every event up to this one. */
  since: number
}

/** How one event was delivered (the hook tests and logs read): streams written to, and views rendered for them. */
export interface Delivery {
  event: ChangeEvent
  streams: number
  renders: number
}

/**
 * Bytes an event stream may have waiting before the server drops it: a slow or stuck reader is
 * never waited for (writes are not awaited); once this much is queued for it, its connection is
 * closed and the browser's reconnect catches up with Last-Event-ID.
 */
const MAX_BUFFERED = 1024 * 1024

/**
 * Live delivery with catch-up. Every change is recorded with a sequence number in the same
 * transaction as the change itself (record), then pushed to the open event streams (publish) as
 * the current state of the entity, rendered once per audience (AudienceRenderer) and the same
 * frame written to each of its streams. A stream that reconnects with Last-Event-ID receives the
 * current state of everything that changed since: no gaps, and no duplicates because each entity
 * is sent as a whole state, replacing what the client had.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>()
  private readonly views = new AudienceRenderer()
  /** Events being delivered, one after the other, so every stream receives them in sequence order. */
  private delivering: Promise<void> = Promise.resolve()
  /** Told how each event was delivered (tests count renders against audiences). */
  onDelivered: ((delivery: Delivery) => void) | null = null
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

  /** How events of a kind are shown: rendered for each person (Renderer), or once per audience ({ presenter }). */
  register(kind: string, shown: Renderer | { presenter: Presenter }): void {
    this.views.register(kind, shown)
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

  /** Picks the streams the event is for now, then renders and writes it once those before it are written. */
  private deliver(event: ChangeEvent): void {
    const streams = [...this.subscribers].filter((sub) => sub.groupIds.has(event.groupId) && event.seq > sub.since && (!event.userId || event.userId === sub.user.id))
    if (!streams.length) return
    this.delivering = this.delivering.then(() => this.fanOut(event, streams)).catch(this.onError)
  }

  /** Renders the event once per audience among the streams and writes each its audience's frame. */
  private async fanOut(event: ChangeEvent, streams: Subscriber[]): Promise<void> {
    const frames = await this.views.frames(event, streams.map((sub) => sub.user))
    for (const sub of streams) {
      const frame = frames.byUser.get(sub.user.id)
      if (!frame || !sub.groupIds.has(event.groupId)) continue
      if (sub.held) sub.held.push({ seq: event.seq, frame })
      else this.write(sub, frame)
    }
    this.onDelivered?.({ event, streams: streams.length, renders: frames.renders })
  }

  /** Writes a frame without waiting for the reader: a stream too far behind is dropped (see MAX_BUFFERED). */
  private write(sub: Subscriber, frame: string): void {
    if (sub.res.writableEnded || sub.res.destroyed) return
    if (Date.now() >= sub.expiresAt) return this.end(sub)
    if (sub.res.writableLength > MAX_BUFFERED) {
      this.subscribers.delete(sub)
      sub.res.destroy()
      return
    }
    sub.res.write(frame)
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
    const sub: Subscriber = { res, user: access.user, groupIds: new Set(access.groupIds), expiresAt: access.expiresAt, check, held: [], replayed: new Set(), since }
    // Subscribed before the catch-up is read: what is published meanwhile is held until it is sent,
    // and skipped then when the catch-up already sent it.
    this.subscribers.add(sub)
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    res.on('close', () => {
      clearInterval(keepAlive)
      this.subscribers.delete(sub)
    })
    try {
      for (const event of await this.feed.changedSince(since, access.user.id)) {
        if (!sub.groupIds.has(event.groupId)) continue
        sub.replayed.add(event.seq)
        const frame = await this.views.frame(event, sub.user)
        if (frame) this.write(sub, frame)
      }
    } catch (error) {
      this.onError(error)
    } finally {
      for (const { seq, frame } of sub.held ?? []) if (!sub.replayed.has(seq)) this.write(sub, frame)
      sub.held = null
      sub.replayed.clear()
    }
  }

  /** Ends every stream (shutdown). */
  close(): void {
    this.sequencer?.close()
    for (const sub of this.subscribers) sub.res.end()
    this.subscribers.clear()
  }
}
