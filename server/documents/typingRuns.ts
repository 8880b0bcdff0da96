import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * Typing, as a long update log stores it: one update per character, each a single text item whose
 * origin is the character its author typed just before. Replaying such a log integrates every
 * character on its own; joined first into one item per run, it integrates once per run.
 *
 * A run is what Yjs itself would merge into one item once integrated (Item.mergeWith): the same
 * client, consecutive clocks, each item's origin the last character of the one before, the same
 * right origin, string content, no map key, and no deletions in the updates. Yjs integrates such a
 * joined item exactly as the characters one by one, and splits it again wherever a later update
 * points inside it, so the document is the same (tests/unit/typingRuns.test.ts replays random
 * concurrent histories both ways). Anything else is applied as it is.
 */

/** Yjs' content reference for ContentString, and the item info bits for origin, right origin and parent sub (map key). */
const CONTENT_STRING = 4
const HAS_ORIGIN = 0x80
const HAS_RIGHT = 0x40
const HAS_PARENT_SUB = 0x20
const SURROGATE = /[\ud800-\udfff]/

/** One stored update that is a single typed text item, read where it lies in the log. */
export interface TypedItem {
  client: number
  clock: number
  /** The origin's id, when the item has one. */
  originClient: number
  originClock: number
  /** Where its right origin's bytes lie in the log ([from, to), empty when it has none), to compare runs. */
  rightFrom: number
  rightTo: number
  /** The update's bytes from its start to its content: the item's header, kept for the joined item. */
  headerTo: number
  text: string
}

/**
 * Reads the update at [from, to) of bytes as a single typed text item, or null when it is anything
 * else (several structs or clients, other content, a map key, deletions, a character outside the
 * basic plane). The decoder is left anywhere: the caller places it.
 */
export function readTypedItem(decoder: decoding.Decoder, from: number, to: number): TypedItem | null {
  try {
    return readItem(decoder, from, to)
  } catch {
    // Not an update of this shape (lengths that run off the end): Yjs reads it, and says what is wrong.
    return null
  }
}

function readItem(decoder: decoding.Decoder, from: number, to: number): TypedItem | null {
  decoder.pos = from
  if (decoding.readVarUint(decoder) !== 1 || decoding.readVarUint(decoder) !== 1) return null
  const client = decoding.readVarUint(decoder)
  const clock = decoding.readVarUint(decoder)
  const info = decoding.readUint8(decoder)
  if ((info & 0x1f) !== CONTENT_STRING || info & HAS_PARENT_SUB) return null
  let originClient = -1
  let originClock = -1
  if (info & HAS_ORIGIN) {
    originClient = decoding.readVarUint(decoder)
    originClock = decoding.readVarUint(decoder)
  }
  const rightFrom = decoder.pos
  if (info & HAS_RIGHT) {
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
  }
  const rightTo = decoder.pos
  // Without origins the item names its parent: a root type's name, or an item's id.
  if (!(info & (HAS_ORIGIN | HAS_RIGHT))) {
    if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder)
    else {
      decoding.readVarUint(decoder)
      decoding.readVarUint(decoder)
    }
  }
  const headerTo = decoder.pos
  const text = decoding.readVarString(decoder)
  // No deletions, and nothing after them.
  if (decoding.readVarUint(decoder) !== 0 || decoder.pos !== to || text.length === 0 || SURROGATE.test(text)) return null
  return { client, clock, originClient, originClock, rightFrom, rightTo, headerTo, text }
}

/** Typed items being joined: the first one's header and every one's text. */
export class TypingRun {
  private readonly parts: string[]
  private length: number

  constructor(
    private readonly bytes: Uint8Array,
    private readonly from: number,
    private readonly to: number,
    private readonly first: TypedItem,
  ) {
    this.parts = [first.text]
    this.length = first.text.length
  }

  /** Whether item continues this run: Yjs' own condition for merging two items into one. */
  continuedBy(item: TypedItem): boolean {
    const end = this.first.clock + this.length
    return (
      item.client === this.first.client &&
      item.clock === end &&
      item.originClient === this.first.client &&
      item.originClock === end - 1 &&
      sameBytes(this.bytes, this.first.rightFrom, this.first.rightTo, item.rightFrom, item.rightTo)
    )
  }

  add(item: TypedItem): void {
    this.parts.push(item.text)
    this.length += item.text.length
  }

  /** The run as one update: the first item's header with all the text, and no deletions. */
  toUpdate(): Uint8Array {
    if (this.parts.length === 1) return this.bytes.subarray(this.from, this.to)
    const encoder = encoding.createEncoder()
    encoding.writeUint8Array(encoder, this.bytes.subarray(this.from, this.first.headerTo))
    encoding.writeVarString(encoder, this.parts.join(''))
    encoding.writeVarUint(encoder, 0)
    return encoding.toUint8Array(encoder)
  }
}

function sameBytes(bytes: Uint8Array, aFrom: number, aTo: number, bFrom: number, bTo: number): boolean {
  if (aTo - aFrom !== bTo - bFrom) return false
  for (let i = 0; i < aTo - aFrom; i++) if (bytes[aFrom + i] !== bytes[bFrom + i]) return false
  return true
}
