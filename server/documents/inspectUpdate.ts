import * as Y from 'yjs'
import { scanUpdate, type ScannedStruct } from './scanUpdate.js'
import type { UpdateRules } from './updateRules.js'

/** An update that may not be applied, with the reason; the connection is closed with the matching code. */
export class RefusedUpdate extends Error {
  constructor(
    readonly kind: 'schema' | 'malformed',
    message: string,
  ) {
    super(message)
  }
}

/** Most deleted ranges one update may carry (a sync step 2 repeats the document's whole delete set). */
export const MAX_DELETE_RANGES = 100_000
/** Most deleted ranges past what the document has that one update may carry (they could only wait). */
export const MAX_UNKNOWN_DELETE_RANGES = 1_000

/** The clocks of one client's content in an update: from its first struct to the end of its last. */
export interface ClientRange {
  start: number
  end: number
}

type Id = { client: number; clock: number }
interface Placed {
  parent: ScannedStruct['parent']
  parentSub: string | null
  nodeName: string | null
}

/**
 * Checks an editor's update against the document before any of it is applied, in one pass over its
 * bytes: every node, mark and attribute must be in the document schema, content may only hang
 * from the document's root, deletions must name content that exists, and their number is bounded.
 * Returns, per Yjs client id, the clocks its content spans (for the authorship check).
 * Throws RefusedUpdate, or an Error when the bytes are not an update.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, rules: UpdateRules): Map<number, ClientRange> {
  const clients = new Map<number, ClientRange>()
  // Items of this update that later items may name as parent or origin.
  const placed = new Map<string, Placed>()
  let deleteRanges = 0
  let unknownDeletes = 0
  scanUpdate(update, {
    struct(s) {
      if (s.kind === 'skip') return
      const range = clients.get(s.client)
      if (range) range.end = s.clock + s.length
      else clients.set(s.client, { start: s.clock, end: s.clock + s.length })
      if (s.kind !== 'item') return
      const where = placement(doc, placed, s)
      checkItem(s, where, doc, placed, rules)
      if (s.contentRef === 7 || s.contentRef === 8) placed.set(key(s), { parent: where.parent, parentSub: where.parentSub, nodeName: s.nodeName })
    },
    deleteRange(client, clock, length) {
      if (++deleteRanges > MAX_DELETE_RANGES) throw new RefusedUpdate('malformed', `more than ${MAX_DELETE_RANGES} deleted ranges in one update`)
      const known = Math.max(Y.getState(doc.store, client), clients.get(client)?.end ?? 0)
      if (known === 0) throw new RefusedUpdate('malformed', `deletes content of client ${client}, which does not exist`)
      if (clock + length > known && ++unknownDeletes > MAX_UNKNOWN_DELETE_RANGES)
        throw new RefusedUpdate('malformed', `more than ${MAX_UNKNOWN_DELETE_RANGES} deleted ranges past the document's content`)
    },
  })
  return clients
}

const key = (id: Id) => `${id.client}:${id.clock}`

/** An item's parent and key: its own, or (for items that copy them) its left origin's. */
function placement(doc: Y.Doc, placed: Map<string, Placed>, s: ScannedStruct): Placed {
  if (s.parent !== null || !s.origin) return { parent: s.parent, parentSub: s.parentSub, nodeName: null }
  return lookup(doc, placed, s.origin) ?? { parent: null, parentSub: null, nodeName: null }
}

/** Where an existing item (of the update or the document) sits; null when it is in neither. */
function lookup(doc: Y.Doc, placed: Map<string, Placed>, id: Id): Placed | null {
  const own = placed.get(key(id))
  if (own) return own
  if (id.clock >= Y.getState(doc.store, id.client)) return null
  const item = Y.getItem(doc.store, Y.createID(id.client, id.clock))
  if (!(item instanceof Y.Item)) return null
  const parent = item.parent as unknown
  const nodeName = item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement ? item.content.type.nodeName : null
  if (parent instanceof Y.AbstractType && parent._item) return { parent: { client: parent._item.id.client, clock: parent._item.id.clock }, parentSub: item.parentSub, nodeName }
  // A root type: find its name.
  for (const [name, root] of doc.share) if (root === parent) return { parent: name, parentSub: item.parentSub, nodeName }
  return { parent: null, parentSub: item.parentSub, nodeName }
}

/** The node name of an XmlElement by id, or null when the parent is not a known element. */
function elementName(doc: Y.Doc, placed: Map<string, Placed>, parent: ScannedStruct['parent']): string | null {
  if (parent === null || typeof parent === 'string') return null
  return lookup(doc, placed, parent)?.nodeName ?? null
}

function checkItem(s: ScannedStruct, where: Placed, doc: Y.Doc, placed: Map<string, Placed>, rules: UpdateRules): void {
  const refuse = (why: string) => {
    throw new RefusedUpdate('schema', why)
  }
  if (typeof where.parent === 'string' && !rules.roots.has(where.parent)) refuse(`content outside the document (root "${where.parent.slice(0, 40)}")`)
  switch (s.contentRef) {
    case 1: // deleted content carries nothing
    case 4: // text
      if (s.contentRef === 4 && where.parentSub !== null) refuse('text stored as an attribute')
      return
    case 6: {
      // A mark: a known name, known attributes, and a link the editor would keep.
      const mark = rules.marks.get(s.key ?? '')
      if (!mark) refuse(`unknown mark "${String(s.key).slice(0, 40)}"`)
      if (s.value === null || s.value === true) return
      if (typeof s.value !== 'object' || Array.isArray(s.value)) refuse(`mark "${s.key}" with a value that is not attributes`)
      for (const [name, value] of Object.entries(s.value as object)) {
        if (!mark!.has(name)) refuse(`unknown attribute "${name.slice(0, 40)}" on mark "${s.key}"`)
        if (s.key === 'link' && name === 'href' && (typeof value !== 'string' || !rules.allowedLink(value))) refuse('a link that is not http, https or mailto')
      }
      return
    }
    case 7: {
      if (where.parentSub !== null) refuse('a node stored as an attribute')
      if (s.typeRef === 6) return
      if (s.typeRef > 6) throw new RefusedUpdate('malformed', `unknown Yjs type ${s.typeRef}`)
      if (s.typeRef !== 3) refuse(`a Yjs type (${s.typeRef}) the document does not use`)
      if (!rules.nodes.has(s.nodeName ?? '')) refuse(`unknown node "${String(s.nodeName).slice(0, 40)}"`)
      return
    }
    case 8: {
      // Node attributes: a key of the element's node type, with a plain value.
      if (where.parentSub === null) {
        if (where.parent !== null) refuse('raw values inside the document')
        return // its origin is not known yet: it waits, and is checked when it comes back
      }
      if (typeof where.parent === 'string') refuse('an attribute on the document root')
      const values = s.value as unknown[]
      if (values.some((v) => v !== null && typeof v === 'object')) refuse(`attribute "${where.parentSub.slice(0, 40)}" with a structured value`)
      const node = elementName(doc, placed, where.parent)
      const allowed = node ? rules.nodes.get(node) : undefined
      if (node && !allowed?.has(where.parentSub)) refuse(`unknown attribute "${where.parentSub.slice(0, 40)}" on ${node}`)
      return
    }
    default:
      refuse(`content of a kind the document does not use (${s.contentRef})`)
  }
}
