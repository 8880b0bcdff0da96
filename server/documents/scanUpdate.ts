import * as decoding from 'lib0/decoding'

/**
 * One struct of a Yjs update (format v1) as the scanner sees it. The object is reused from struct
 * to struct: copy what you keep.
 */
export interface ScannedStruct {
  client: number
  clock: number
  length: number
  kind: 'gc' | 'skip' | 'item'
  /** Yjs content ref (1 deleted, 2 json, 3 binary, 4 string, 5 embed, 6 format, 7 type, 8 any, 9 doc). */
  contentRef: number
  /** Left and right origins, when the item has them. */
  origin: { client: number; clock: number } | null
  rightOrigin: { client: number; clock: number } | null
  /** The parent: a root type's name, an item id, or null when it is taken from the origins. */
  parent: string | { client: number; clock: number } | null
  parentSub: string | null
  /** ContentType: the type ref (3 XmlElement, 6 XmlText, …) and an XmlElement's node name. */
  typeRef: number
  nodeName: string | null
  /** ContentFormat: the mark name and its value; ContentAny: the values. */
  key: string | null
  value: unknown
}

export interface UpdateVisitor {
  struct?(s: ScannedStruct): void
  deleteRange?(client: number, clock: number, length: number): void
}

/** Clocks past this are refused: no real client gets near it, and past 2^53 Yjs' arithmetic breaks. */
export const MAX_CLOCK = 2 ** 32

/** The update holds more structs and deleted ranges than the caller allowed; reading stopped there. */
export class TooMuchWork extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} structs and deleted ranges`)
  }
}

const BIT6 = 32
const BIT7 = 64
const BIT8 = 128
const BITS5 = 31

/**
 * Walks a Yjs update (format v1) byte by byte, calling the visitor for every struct and every
 * deleted range, without building Items, IDs or a delete set. It costs a fraction of
 * Y.decodeUpdate (2 million delete ranges: tens of milliseconds instead of 1.8 s) and the visitor
 * may stop it at any point by throwing, so a hostile update is refused at its first bad byte.
 * Reading stops with TooMuchWork past maxUnits structs and deleted ranges: what the update costs to
 * check, and Yjs to apply, is bounded before it is paid. Throws on bytes that are not an update, on
 * a client listed twice (Yjs writes each once; a second group would hide from checks what the
 * first declared) and on clocks past MAX_CLOCK.
 */
export function scanUpdate(update: Uint8Array, visitor: UpdateVisitor, maxUnits = Infinity): number {
  const d = decoding.createDecoder(update)
  const s: ScannedStruct = { client: 0, clock: 0, length: 0, kind: 'item', contentRef: 0, origin: null, rightOrigin: null, parent: null, parentSub: null, typeRef: -1, nodeName: null, key: null, value: undefined }
  let units = 0
  const count = (n: number) => {
    units += n
    if (units > maxUnits) throw new TooMuchWork(maxUnits)
  }
  const seen = new Set<number>()
  const clients = decoding.readVarUint(d)
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(d)
    const client = decoding.readVarUint(d)
    if (seen.has(client)) throw new Error(`client ${client} is listed twice`)
    seen.add(client)
    let clock = decoding.readVarUint(d)
    for (let i = 0; i < structs; i++) {
      count(1)
      const info = decoding.readUint8(d)
      s.client = client
      s.clock = clock
      s.origin = null
      s.rightOrigin = null
      s.parent = null
      s.parentSub = null
      s.typeRef = -1
      s.nodeName = null
      s.key = null
      s.value = undefined
      s.contentRef = info & BITS5
      if (s.contentRef === 0 || s.contentRef === 10) {
        s.kind = s.contentRef === 0 ? 'gc' : 'skip'
        s.length = decoding.readVarUint(d)
      } else {
        s.kind = 'item'
        if (info & BIT8) s.origin = readId(d)
        if (info & BIT7) s.rightOrigin = readId(d)
        if ((info & (BIT7 | BIT8)) === 0) {
          s.parent = decoding.readVarUint(d) === 1 ? decoding.readVarString(d) : readId(d)
          if (info & BIT6) s.parentSub = decoding.readVarString(d)
        }
        s.length = readContent(d, s)
      }
      if (s.length < 1) throw new Error('a struct of length 0')
      clock += s.length
      if (clock > MAX_CLOCK) throw new Error(`clock ${clock} of client ${client} is out of range`)
      visitor.struct?.(s)
    }
  }
  const dsClients = decoding.readVarUint(d)
  for (let c = 0; c < dsClients; c++) {
    const client = decoding.readVarUint(d)
    const ranges = decoding.readVarUint(d)
    for (let r = 0; r < ranges; r++) {
      count(1)
      const clock = decoding.readVarUint(d)
      const length = decoding.readVarUint(d)
      if (clock + length > MAX_CLOCK) throw new Error(`deleted clock ${clock + length} of client ${client} is out of range`)
      visitor.deleteRange?.(client, clock, length)
    }
  }
  return units
}

function readId(d: decoding.Decoder): { client: number; clock: number } {
  return { client: decoding.readVarUint(d), clock: decoding.readVarUint(d) }
}

/** Reads an item's content (Yjs' readItemContent for format v1) and returns the item's length. */
function readContent(d: decoding.Decoder, s: ScannedStruct): number {
  switch (s.contentRef) {
    case 1: // deleted
      return decoding.readVarUint(d)
    case 2: {
      // json
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) decoding.readVarString(d)
      return n
    }
    case 3: // binary
      decoding.readVarUint8Array(d)
      return 1
    case 4: // string: its length in UTF-16 code units, as Yjs counts
      return decoding.readVarString(d).length
    case 5: // embed
      s.value = JSON.parse(decoding.readVarString(d))
      return 1
    case 6: // format
      s.key = decoding.readVarString(d)
      s.value = JSON.parse(decoding.readVarString(d))
      return 1
    case 7: // type
      s.typeRef = decoding.readVarUint(d)
      if (s.typeRef === 3 || s.typeRef === 5) s.nodeName = decoding.readVarString(d)
      return 1
    case 8: {
      // any
      const n = decoding.readVarUint(d)
      const values: unknown[] = []
      for (let i = 0; i < n; i++) values.push(decoding.readAny(d))
      s.value = values
      return n
    }
    case 9: // subdocument
      decoding.readVarString(d)
      decoding.readAny(d)
      return 1
    default:
      throw new Error(`unknown content type ${s.contentRef}`)
  }
}
