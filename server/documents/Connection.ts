/** What a document room needs from a client connection: send bytes, close, and who it is. */
export interface Connection {
  readonly id: number
  /** The user this connection is signed in as: every update it sends is attributed to them. */
  readonly userId: string
  /** Whether this connection may change the document. */
  readonly canEdit: boolean
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessIds: Set<number>
  send(message: Uint8Array): void
  /** Writes websocket frames built once for many connections (framesOf), in one write. */
  sendFrames(frames: Buffer): void
  close(code: number, reason: string): void
}

/** The origin of a change the server makes for a person (restoring a version): who it is attributed to. */
export interface ServerChange {
  readonly serverChange: true
  readonly userId: string | null
}

/** The user an update's transaction origin stands for; null for the server itself. */
export function originUserId(origin: unknown): string | null {
  if (origin && typeof origin === 'object' && 'userId' in origin) return (origin as { userId: string | null }).userId
  return null
}

/**
 * The origin of changes another node of the cluster stored and relayed: they are applied and sent
 * to this node's connections, never stored again.
 */
export const RELAYED = Object.freeze({ relayed: true })
