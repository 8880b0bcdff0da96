/**
 * Every websocket close code Plenary's server sends, written down once.
 * 1000-1015 are the standard codes; 4000-4999 are Plenary's own, following y-websocket's
 * convention: 4400-4499 are permanent (the client stops reconnecting), 4500-4599 are transient.
 * `reconnect` tells the client whether trying again can help.
 */
export const CloseCodes = {
  /** The client or server closed normally. */
  normal: { code: 1000, reason: 'normal closure', reconnect: false },
  /** The server is shutting down or restarting (SIGTERM / SIGINT); reconnect shortly. */
  serviceRestart: { code: 1012, reason: 'server restarting', reconnect: true },
  /** A message was larger than MAX_MESSAGE_BYTES (sent by the ws library itself). */
  messageTooBig: { code: 1009, reason: 'message too big', reconnect: true },
  /** Text frames are not part of the y-websocket protocol. */
  unsupportedData: { code: 1003, reason: 'binary y-websocket messages only', reconnect: false },
  /** A frame that does not decode as a y-websocket message, or an update Yjs rejects. */
  malformedMessage: { code: 4400, reason: 'malformed message', reconnect: false },
  /** The session expired or was revoked, or the token was revoked, while connected. Sign in again. */
  unauthenticated: { code: 4401, reason: 'signed out', reconnect: false },
  /**
   * An update brought new content under a Yjs client id that belongs to another user. Attribution
   * is the server's record of who wrote what, so it cannot be claimed for someone else.
   */
  foreignAuthor: { code: 4409, reason: 'update claims another author', reconnect: false },
  /**
   * An update carried content the document schema does not have (an unknown node, mark or attribute,
   * a link that is not http, https or mailto, content outside the document).
   */
  schemaViolation: { code: 4422, reason: 'content outside the document schema', reconnect: false },
  /** The user lost access to this document while connected. */
  forbidden: { code: 4403, reason: 'access removed', reconnect: false },
  /** The user's role or the document's edit rights changed: reconnect to get the new rights. */
  permissionsChanged: { code: 4511, reason: 'permissions changed', reconnect: true },
  /** No document has this id (or it was never created). */
  documentNotFound: { code: 4404, reason: 'document not found', reconnect: false },
  /** The document was deleted while this connection was open. */
  documentDeleted: { code: 4410, reason: 'document deleted', reconnect: false },
  /** The document would grow past MAX_DOCUMENT_BYTES, or an awareness state is larger than allowed. */
  tooLarge: { code: 4413, reason: 'too large', reconnect: false },
  /** More messages per second than MAX_MESSAGES_PER_SECOND allows; reconnect after a pause. */
  rateLimited: { code: 4529, reason: 'too many messages', reconnect: true },
  /** The client stopped reading and the server's send buffer passed MAX_BUFFERED_BYTES. */
  slowConsumer: { code: 4509, reason: 'client too slow', reconnect: true },
  /** The update could not be stored; nothing from it was broadcast. Reconnecting re-sends it. */
  storageFailure: { code: 4503, reason: 'storage unavailable', reconnect: true },
  /** No pong came back within the keep-alive interval. */
  keepAliveTimeout: { code: 4508, reason: 'keep-alive timeout', reconnect: true },
} as const

export type CloseCodeName = keyof typeof CloseCodes

/** Close codes after which a client should stop reconnecting and tell the person why. */
export const PERMANENT_CLOSE_CODES: ReadonlySet<number> = new Set(
  Object.values(CloseCodes)
    .filter((c) => !c.reconnect && c.code !== 1000)
    .map((c) => c.code),
)

/** The reason to show a person for a close code, or undefined for codes Plenary does not send. */
export function describeCloseCode(code: number): string | undefined {
  return Object.values(CloseCodes).find((c) => c.code === code)?.reason
}

/** The websocket path of a document's sync endpoint. */
export const COLLAB_PATH = '/collab'
