import os from 'node:os'
import type { Config } from '../config.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { Logger } from '../logger.js'
import { ClusterSync } from './ClusterSync.js'
import { RedisRelay } from './RedisRelay.js'

/** This node's part of a cluster: the relay, the rooms' replication, and rights changes passed on. */
export interface ClusterMembership {
  node: string
  sync: ClusterSync
  /** Starts replicating the rooms; `recheckHere` re-decides this node's open connections when another node says rights changed. */
  start(rooms: DocumentRooms, recheckHere: () => void): void
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
    start(rooms, recheckHere) {
      sync.start(rooms)
      relay.onMessage((m) => {
        if (m.type === 'access') recheckHere()
      })
      // Rights may have changed while the relay was away.
      relay.onResumed(recheckHere)
    },
    accessChanged: () => relay.publish({ type: 'access', node }),
    async close() {
      sync.close()
      await relay.close()
    },
  }
}
