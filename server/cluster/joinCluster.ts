import os from 'node:os'
import type { Config } from '../config.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { Logger } from '../logger.js'
import type { EventHub } from '../events/EventHub.js'
import { ClusterSync } from './ClusterSync.js'
import { RedisRelay } from './RedisRelay.js'

/** This node's part of a cluster: the relay, the rooms' replication, and rights changes passed on. */
export interface ClusterMembership {
  node: string
  sync: ClusterSync
  /**
   * Starts replicating the rooms and the change feed's events; `recheckHere` re-decides this node's
   * open connections when another node says rights changed.
   */
  start(rooms: DocumentRooms, hub: EventHub, recheckHere: () => void): void
  /** Whether Redis is reachable now (while not, the nodes read each other's changes from the database). */
  relayConnected(): boolean
  /** Rights changed on this node: the others re-decide their connections too. */
  accessChanged(): void
  close(): Promise<void>
}

/** Connects to the cluster's Redis (REDIS_URL) and returns this node's membership. */
export async function joinCluster(config: Config, storage: DocumentStore, logger: Logger): Promise<ClusterMembership> {
  const node = config.NODE_ID ?? `${os.hostname()}-${process.pid}`
  const relay = new RedisRelay({ url: config.REDIS_URL!, node, prefix: config.REDIS_PREFIX, logger, dropRatio: config.CLUSTER_DROP_RELAY_RATIO })
  await relay.start()
  const sync = new ClusterSync({
    relay,
    storage,
    logger,
    checkEveryMs: config.CLUSTER_CHECK_MS,
    pollEveryMs: config.CLUSTER_POLL_MS,
    nodeTimeoutMs: config.CLUSTER_NODE_TIMEOUT_MS,
  })
  logger.info(`cluster node ${node}: relaying through Redis`)
  return {
    node,
    sync,
    start(rooms, hub, recheckHere) {
      // A lost last message leaves no gap to notice: rooms and events are compared with the database now and then, often while the relay is down.
      sync.start(rooms, () => void hub.catchUp())
      hub.onCommittedHere = ({ seq, groupId, kind, entityId, userId }) => relay.publish({ type: 'event', node, seq, groupId, kind, entityId, userId })
      relay.onMessage((m) => {
        if (m.type === 'access') recheckHere()
        if (m.type === 'event') hub.accept({ seq: m.seq, groupId: m.groupId, kind: m.kind, entityId: m.entityId, userId: m.userId })
      })
      // Events, and rights changes, may have been missed while the relay was away.
      relay.onResumed(() => {
        recheckHere()
        void hub.catchUp()
      })
    },
    relayConnected: () => relay.connected,
    accessChanged: () => relay.publish({ type: 'access', node }),
    async close() {
      sync.close()
      await relay.close()
    },
  }
}
