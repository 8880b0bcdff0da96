import * as Y from 'yjs'
import { scanUpdate, type ScannedStruct } from './scanUpdate.js'
import type { UpdateRules } from './updateRules.js'
import { placeOf, type Place } from './placeOf.js'
import { markNameOfYjsKey } from '../../shared/schema/markNameOfYjsKey.js'

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

/** What inspectUpdate found: per client the clocks it brings, and how many structs and ranges it read. */
export interface Inspection {
  clients: Map<number, ClientRange>
  units: number
}

/**
 * Checks an editor's update against the document before any of it is applied: every item must sit
 * where the document schema allows it (block nodes under the document, each node's children among
 * those its content expression names, text and marks only inside text, attributes only those of
 * the node), deletions must name content that exists, and reading stops past maxUnits structs and
 * ranges. Where an item sits is decided as Yjs will decide it: from its explicit parent, else from
 * its left origin, else its right origin, resolved in the update itself or in the document.
 * Returns, per Yjs client id, the clocks its content spans (for the authorship check).
 * Throws RefusedUpdate, TooMuchWork, or an Error when the bytes are not an update.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array, rules: UpdateRules, maxUnits = Infinity): Inspection {
  const clients = new Map<number, ClientRange>()
  const items: ScannedStruct[] = []
  let deleteRanges = 0
  let unknownDeletes = 0
  const units = scanUpdate(
    update,
    {
      struct(s) {
        if (s.kind === 'skip') return
        const range = clients.get(s.client)
        if (range) range.end = s.clock + s.length
        else clients.set(s.client, { start: s.clock, end: s.clock + s.length })
        // The scanner reuses one object per struct: keep a copy.
        items.push({ ...s })
      },
      deleteRange(client, clock, length) {
        if (++deleteRanges > MAX_DELETE_RANGES) throw new RefusedUpdate('malformed', `more than ${MAX_DELETE_RANGES} deleted ranges in one update`)
        const known = Math.max(Y.getState(doc.store, client), clients.get(client)?.end ?? 0)
        if (known === 0) throw new RefusedUpdate('malformed', `deletes content of client ${client}, which does not exist`)
        if (clock + length > known && ++unknownDeletes > MAX_UNKNOWN_DELETE_RANGES)
          throw new RefusedUpdate('malformed', `more than ${MAX_UNKNOWN_DELETE_RANGES} deleted ranges past the document's content`)
      },
    },
    maxUnits,
  )
  const place = placeOf(doc, items)
  for (const item of items) {
    // What the document already has (a sync step 2 repeating it) is not judged again: Yjs skips it.
    if (item.kind !== 'item' || item.clock + item.length <= Y.getState(doc.store, item.client)) continue
    checkItem(item, place(item), rules)
  }
  return { clients, units }
}

function checkItem(s: ScannedStruct, where: Place, rules: UpdateRules): void {
  // Content that will be garbage (its neighbour or parent is gone) or that waits for missing content is not placed yet.
  if (where === 'gc' || where === 'unknown') return
  const refuse = (why: string) => {
    throw new RefusedUpdate('schema', why)
  }
  if (s.contentRef === 1) return // deleted content carries nothing
  const { parent, parentSub } = where
  if ('root' in parent && !rules.roots.has(parent.root)) refuse(`content outside the document (root "${parent.root.slice(0, 40)}")`)
  // What may hang here: text and marks inside a text; nodes and text as a node's children; attributes on a node.
  const inText = 'typeRef' in parent && parent.typeRef === 6
  const element = 'root' in parent ? rules.rootNode : 'typeRef' in parent && parent.typeRef === 3 ? parent.nodeName : null
  if (element !== null && !rules.nodes.has(element)) refuse(`content inside an unknown node`)
  if (!inText && element === null) refuse('content inside a Yjs type the document does not use')
  if (parentSub !== null) {
    if (inText || 'root' in parent || s.contentRef !== 8) refuse(`an attribute "${parentSub.slice(0, 40)}" where the document has none`)
    if (!rules.nodes.get(element!)!.attributes.has(parentSub)) refuse(`unknown attribute "${parentSub.slice(0, 40)}" on ${element}`)
    if ((s.value as unknown[]).some((v) => v !== null && typeof v === 'object')) refuse(`attribute "${parentSub.slice(0, 40)}" with a structured value`)
    return
  }
  if (inText) return checkInText(s, rules, refuse)
  if (s.contentRef !== 7) refuse(`content of a kind the document does not use (${s.contentRef}) inside ${element}`)
  if (s.typeRef > 6) throw new RefusedUpdate('malformed', `unknown Yjs type ${s.typeRef}`)
  const children = rules.nodes.get(element!)!.children
  if (s.typeRef === 6) {
    if (!children.has('text')) refuse(`text directly inside ${element}`)
    return
  }
  if (s.typeRef !== 3) refuse(`a Yjs type (${s.typeRef}) the document does not use`)
  if (!rules.nodes.has(s.nodeName ?? '') || s.nodeName === rules.rootNode) refuse(`unknown node "${String(s.nodeName).slice(0, 40)}"`)
  if (!children.has(s.nodeName!)) refuse(`a ${s.nodeName} inside ${element}`)
}

/** Inside a text: characters and marks (a known name, known attributes, a link the editor would keep). */
function checkInText(s: ScannedStruct, rules: UpdateRules, refuse: (why: string) => never): void {
  if (s.contentRef === 4) return
  if (s.contentRef !== 6) refuse(`content of a kind the document does not use (${s.contentRef}) inside text`)
  // y-tiptap keys a mark that may overlap itself "name--<hash>"; any other mark by its bare name.
  const key = s.key ?? ''
  const markName = markNameOfYjsKey(key)
  if (markName !== key && !rules.overlapping.has(markName)) refuse(`mark "${key.slice(0, 40)}" under a key of its own`)
  const mark = rules.marks.get(markName)
  if (!mark) refuse(`unknown mark "${key.slice(0, 40)}"`)
  if (s.value === null || s.value === true) return
  if (typeof s.value !== 'object' || Array.isArray(s.value)) refuse(`mark "${markName}" with a value that is not attributes`)
  for (const [name, value] of Object.entries(s.value as object)) {
    if (!mark!.has(name)) refuse(`unknown attribute "${name.slice(0, 40)}" on mark "${markName}"`)
    if (name === 'authorId' && rules.author !== undefined && rules.proposals.has(markName) && value !== rules.author) refuse('a proposal in another person’s name')
    if (name === 'delegation' && rules.delegation !== undefined && rules.proposals.has(markName) && value !== null && value !== '' && value !== rules.delegation) refuse('a proposal in another delegation’s name')
    if (markName === 'link' && name === 'href' && (typeof value !== 'string' || !rules.allowedLink(value))) refuse('a link that is not http, https or mailto')
  }
  if (rules.author !== undefined && rules.proposals.has(markName) && !('authorId' in (s.value as object))) refuse('a proposal without its author')
}
