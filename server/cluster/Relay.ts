import type { RelayMessage } from './relayMessages.js'

/**
 * How the nodes of a cluster hear about each other's committed changes. It is a relay, not a source
 * of truth: messages may be lost or arrive while a node was not listening, and every receiver fills
 * what it missed from the database (by sequence number). A single node has none.
 */
export interface Relay {
  /** This node's id (NODE_ID): messages a node sent come back to it and are ignored by it. */
  readonly node: string
  /** Whether messages are flowing now; while not, the nodes poll the database for each other's changes. */
  readonly connected: boolean
  /** Receives a document's messages from now on; resolves once the subscription is in place (subscribe, then load). */
  subscribeDocument(docId: string): Promise<void>
  unsubscribeDocument(docId: string): Promise<void>
  /** Sends a message to the other nodes, at most once, without waiting; a failure is only logged. */
  publish(message: RelayMessage): void
  /** Every message from another node (document ones only for subscribed documents). */
  onMessage(handler: (message: RelayMessage) => void): void
  /** The relay came back after an interruption: messages may have been missed, read the database. */
  onResumed(handler: () => void): void
  close(): Promise<void>
}
