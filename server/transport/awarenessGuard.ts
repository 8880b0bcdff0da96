import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import type { PresenceUser } from '../../shared/presence.js'

import { TooLargeError } from './errors.js'

/**
 * Rewrites a client's awareness update so that every state it announces carries the server's
 * idea of who that connection is (name, delegation, role, colour), and drops entries for client
 * ids another connection owns. Throws when the update does not decode, TooLargeError when a state is too large.
 */
export function guardAwarenessUpdate(update: Uint8Array, user: PresenceUser, ownsClient: (clientId: number) => boolean, maxStateBytes: number): Uint8Array | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count > 64) throw new Error('too many awareness states in one update')
  const entries: Array<{ clientId: number; clock: number; state: string }> = []
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    const json = decoding.readVarString(decoder)
    if (json.length > maxStateBytes) throw new TooLargeError(`an awareness state is larger than ${maxStateBytes} bytes`)
    if (!ownsClient(clientId)) continue
    const state = JSON.parse(json) as unknown
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null')
    entries.push({ clientId, clock, state: state === null ? 'null' : JSON.stringify({ ...(state as object), user }) })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update')
  if (!entries.length) return null
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, e.state)
  }
  return encoding.toUint8Array(encoder)
}
