import { Redis } from 'ioredis'
import type { Logger } from '../logger.js'
import type { Relay } from './Relay.js'
import { decodeRelayMessage, encodeRelayMessage, type RelayMessage } from './relayMessages.js'

export interface RedisRelayOptions {
  url: string
  node: string
  /** Prefix of every channel, so several clusters (or tests) share one Redis. */
  prefix: string
  logger: Logger
  /** Tests only: the share of messages dropped instead of sent (the database must make up for them). */
  dropRatio?: number
}

/** The channel of the cluster's events, rights changes and heartbeats. */
export const clusterChannel = (prefix: string) => `${prefix}cluster`

/** How long after Redis is back its subscriptions may still be on their way: the database is read again after it. */
const RESUBSCRIBE_WINDOW_MS = 1000

/**
 * Tells a cluster's nodes, from outside them (the admin command line), that rights changed: each
 * re-decides its open connections at once instead of at its next periodic check.
 */
export async function announceAccessChange(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.publish(clusterChannel(prefix), Buffer.from(encodeRelayMessage({ type: 'access', node: 'admin' })))
  } finally {
    redis.disconnect()
  }
}

/**
 * The relay over Redis pub/sub: one channel per document and one for the cluster's events. Redis
 * keeps nothing: a node that was not subscribed when a message went out reads it from the database.
 */
export class RedisRelay implements Relay {
  readonly node: string
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly handlers: Array<(m: RelayMessage) => void> = []
  private readonly resumedHandlers: Array<() => void> = []
  private wasReady = false
  private lost = false
  private closed = false

  constructor(private readonly options: RedisRelayOptions) {
    this.node = options.node
    // Publishing while Redis is away fails at once instead of queueing: the database is the backlog.
    const common = { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(times * 100, 1000) }
    this.pub = new Redis(options.url, { ...common, enableOfflineQueue: false })
    this.sub = new Redis(options.url, { ...common, enableOfflineQueue: true })
    for (const client of [this.pub, this.sub]) client.on('error', (error: Error) => this.lose(error))
    this.sub.on('end', () => this.lose(new Error('connection ended')))
    this.sub.on('close', () => this.lose(new Error('connection closed')))
    this.sub.on('ready', () => {
      if (this.wasReady && this.lost) {
        this.options.logger.info('the Redis relay is back; reading what was missed from the database')
        for (const handler of this.resumedHandlers) handler()
        // 'ready' comes before the channels are subscribed again: what another node published in
        // between reaches no one by Redis, so the database is read once more after that window
        // (a burst's last edits were otherwise lost to one node until its next periodic check).
        setTimeout(() => {
          if (!this.closed && !this.lost) for (const handler of this.resumedHandlers) handler()
        }, RESUBSCRIBE_WINDOW_MS).unref()
      }
      this.wasReady = true
      this.lost = false
    })
    this.sub.on('messageBuffer', (_channel: Buffer, data: Buffer) => {
      let message: RelayMessage
      try {
        message = decodeRelayMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      } catch (error) {
        this.options.logger.error('dropped a malformed relay message', error)
        return
      }
      if (message.node === this.node) return
      for (const handler of this.handlers) handler(message)
    })
  }

  /** Connects both clients and subscribes to the cluster channel. */
  async start(): Promise<void> {
    await Promise.all([this.pub.connect(), this.sub.connect()])
    await this.sub.subscribe(this.clusterChannel)
  }

  get connected(): boolean {
    return this.sub.status === 'ready' && this.pub.status === 'ready'
  }

  private get clusterChannel(): string {
    return clusterChannel(this.options.prefix)
  }

  private documentChannel(docId: string): string {
    return `${this.options.prefix}doc:${docId}`
  }

  async subscribeDocument(docId: string): Promise<void> {
    // While Redis is away the subscription is queued and made on reconnect; the database fills the gap.
    if (!this.connected) {
      void this.sub.subscribe(this.documentChannel(docId)).catch(() => {})
      return
    }
    await this.sub.subscribe(this.documentChannel(docId))
  }

  async unsubscribeDocument(docId: string): Promise<void> {
    await this.sub.unsubscribe(this.documentChannel(docId)).catch(() => {})
  }

  publish(message: RelayMessage): void {
    if (this.closed || this.pub.status !== 'ready') return
    if (this.options.dropRatio && Math.random() < this.options.dropRatio) return
    const channel = message.type === 'update' || message.type === 'awareness' ? this.documentChannel(message.docId) : this.clusterChannel
    void this.pub.publish(channel, Buffer.from(encodeRelayMessage(message))).catch((error: unknown) => this.lose(error as Error))
  }

  onMessage(handler: (m: RelayMessage) => void): void {
    this.handlers.push(handler)
  }

  onResumed(handler: () => void): void {
    this.resumedHandlers.push(handler)
  }

  private lose(error: Error): void {
    if (this.closed) return
    if (!this.lost) this.options.logger.error(`the Redis relay is unavailable (${error.message}); reading other nodes' changes from the database until it is back`)
    this.lost = true
  }

  async close(): Promise<void> {
    this.closed = true
    this.pub.disconnect()
    this.sub.disconnect()
  }
}
