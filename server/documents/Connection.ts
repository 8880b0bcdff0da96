/** What a document room needs from a client connection: send bytes, close, and who it is. */
export interface Connection {
  readonly id: number
  /** Awareness client ids this connection has announced, removed when it leaves. */
  readonly awarenessIds: Set<number>
  send(message: Uint8Array): void
  close(code: number, reason: string): void
}
