import * as Y from 'yjs'
import type { ScannedStruct } from './scanUpdate.js'

/** What an item hangs from: a root type by name, or a type (its Yjs type ref and, for an XmlElement, its node name). */
export type Parent = { root: string } | { typeRef: number; nodeName: string | null }

/**
 * Where an item will sit once integrated: its parent and key (parentSub, for attributes), 'gc' when
 * Yjs will drop it (its neighbour or parent is garbage-collected or not a type), or 'unknown' while
 * what it depends on is missing (it then waits, and is judged when it comes back).
 */
export type Place = { parent: Parent; parentSub: string | null } | 'gc' | 'unknown'

type Id = { client: number; clock: number }
type Found = { update: ScannedStruct } | { doc: Y.Item } | 'gc' | null

/** Yjs' type ref of a type instance (XmlText before Text: it extends it). */
function typeRefOf(type: unknown): number {
  if (type instanceof Y.XmlElement) return 3
  if (type instanceof Y.XmlText) return 6
  if (type instanceof Y.XmlFragment) return 4
  if (type instanceof Y.Text) return 2
  if (type instanceof Y.Map) return 1
  if (type instanceof Y.Array) return 0
  return 5
}

/**
 * Decides each item's place the way Yjs' Item.getMissing does: an explicit parent when the item has
 * no origins; else a garbage-collected neighbour makes it garbage; else it takes its left origin's
 * parent and key, or its right origin's. Origins and parents are looked up in the update itself
 * (which may name items later in it) and in the document. Chains of origins are followed without
 * recursion and each result is remembered.
 */
export function placeOf(doc: Y.Doc, items: ScannedStruct[]): (item: ScannedStruct) => Place {
  const byClient = new Map<number, ScannedStruct[]>()
  for (const item of items) {
    const list = byClient.get(item.client)
    if (list) list.push(item)
    else byClient.set(item.client, [item])
  }
  const memo = new Map<ScannedStruct, Place>()

  const inUpdate = (id: Id): ScannedStruct | undefined => {
    const list = byClient.get(id.client)
    if (!list) return undefined
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const s = list[mid]
      if (id.clock < s.clock) hi = mid - 1
      else if (id.clock >= s.clock + s.length) lo = mid + 1
      else return s
    }
    return undefined
  }
  const locate = (id: Id): Found => {
    const own = inUpdate(id)
    if (own) return own.kind === 'gc' ? 'gc' : { update: own }
    if (id.clock >= Y.getState(doc.store, id.client)) return null
    const struct = Y.getItem(doc.store, Y.createID(id.client, id.clock))
    return struct instanceof Y.Item ? { doc: struct } : 'gc'
  }
  const rootName = (type: unknown): string => {
    for (const [name, root] of doc.share) if (root === type) return name
    return ''
  }
  /** The place of an item of the document, as it sits now. */
  const placeInDoc = (item: Y.Item): Place => {
    const parent = item.parent as Y.AbstractType<unknown> | null
    if (!parent) return 'gc'
    if (!parent._item) return { parent: { root: rootName(parent) }, parentSub: item.parentSub }
    return { parent: { typeRef: typeRefOf(parent), nodeName: parent instanceof Y.XmlElement ? parent.nodeName : null }, parentSub: item.parentSub }
  }
  /** An item named as a parent: the type it holds. */
  const asParent = (found: Found): Parent | 'gc' | 'unknown' => {
    if (found === null) return 'unknown'
    if (found === 'gc') return 'gc'
    if ('doc' in found) {
      const content = found.doc.content
      if (!(content instanceof Y.ContentType)) return 'gc'
      return { typeRef: typeRefOf(content.type), nodeName: content.type instanceof Y.XmlElement ? content.type.nodeName : null }
    }
    return found.update.contentRef === 7 ? { typeRef: found.update.typeRef, nodeName: found.update.nodeName } : 'gc'
  }

  return (item) => {
    const chain: ScannedStruct[] = []
    const visited = new Set<ScannedStruct>()
    let current = item
    let place: Place
    for (;;) {
      const known = memo.get(current)
      if (known) {
        place = known
        break
      }
      if (!current.origin && !current.rightOrigin) {
        const parent = typeof current.parent === 'string' ? { root: current.parent } : current.parent ? asParent(locate(current.parent)) : 'unknown'
        place = typeof parent === 'string' ? parent : { parent, parentSub: current.parentSub }
        break
      }
      const left = current.origin ? locate(current.origin) : null
      const right = current.rightOrigin ? locate(current.rightOrigin) : null
      if (left === 'gc' || right === 'gc') {
        place = 'gc'
        break
      }
      const next = current.origin ? left : right
      if (next === null) {
        place = 'unknown'
        break
      }
      if ('doc' in next) {
        place = placeInDoc(next.doc)
        break
      }
      chain.push(current)
      visited.add(current)
      current = next.update
      // Origins that lead round in a circle never integrate.
      if (visited.has(current)) {
        place = 'unknown'
        break
      }
    }
    memo.set(current, place)
    for (const s of chain) memo.set(s, place)
    return place
  }
}
