import * as Y from 'yjs'
import { initProseMirrorDoc } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { computeNumbering } from '../../shared/schema/numbering.js'
import type { ChangeSegment, CompareBlock } from '../../shared/versions/types.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import { decodeDeleteSet, type DeleteSet } from './deleteSets.js'
import { byWords } from './byWords.js'

/** Who made what, as the server recorded it. */
export interface Attribution {
  /** Yjs client id → user id (null: the server). */
  clientOwners: Map<number, string | null>
  /** User id ('' for nobody known) → everything that user deleted. */
  deletions: Map<string, DeleteSet>
}

type Snapshot = ReturnType<typeof Y.snapshot>

/** A Y.Doc that keeps deleted content (gc off), built from the given states. */
function docFrom(states: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  doc.transact(() => {
    for (const state of states) Y.applyUpdate(doc, state)
  })
  return doc
}

const idKey = (id: { client: number; clock: number }) => `${id.client}:${id.clock}`

function visible(item: Y.Item, snapshot: Snapshot): boolean {
  return (snapshot.sv.get(item.id.client) ?? 0) > item.id.clock && !Y.isDeleted(snapshot.ds, item.id)
}

/** The label and reference of every numbered item of a version, by the id of its Yjs element. */
function numberingById(doc: Y.Doc): Map<string, { label: string; reference: string }> {
  const { doc: pm, mapping } = initProseMirrorDoc(doc.getXmlFragment(DOCUMENT_FIELD), documentSchema())
  const typeOf = new Map<PMNode, Y.AbstractType<any>>()
  for (const [type, node] of mapping) if (!Array.isArray(node)) typeOf.set(node as PMNode, type as Y.AbstractType<any>)
  const out = new Map<string, { label: string; reference: string }>()
  for (const item of computeNumbering(pm)) {
    const node = pm.nodeAt(item.pos)
    const type = node && typeOf.get(node)
    if (type?._item) out.set(idKey(type._item.id), { label: item.label, reference: item.reference })
  }
  return out
}

/** Every child item of a type, deleted ones included, in order. */
function childItems(type: Y.AbstractType<any>): Y.Item[] {
  const items: Y.Item[] = []
  for (let n = type._start; n; n = n.right) items.push(n)
  return items
}

/**
 * Compares two states of one document: `older` and `newer` (a later state of the same document).
 * Walks a document holding both (nothing garbage-collected), and for every paragraph and heading
 * says which text both have, which only the newer has (inserted: credited to the owner of the
 * Yjs client id that wrote it) and which only the older has (deleted: credited to the user whose
 * update deleted it). Numbering comes from the newer version, or the older one for deleted items.
 */
export function compareStates(older: Uint8Array, newer: Uint8Array, attribution: Attribution): CompareBlock[] {
  const docA = docFrom([older])
  const docB = docFrom([newer])
  const snapA = Y.snapshot(docA)
  const snapB = Y.snapshot(docB)
  const refsA = numberingById(docA)
  const refsB = numberingById(docB)
  const merged = docFrom([older, newer])
  const schema = documentSchema()

  const insertedBy = (id: Y.ID) => attribution.clientOwners.get(id.client) ?? null
  const deletedBy = (id: Y.ID) => {
    for (const [userId, ds] of attribution.deletions) if (Y.isDeleted(ds, id)) return userId || null
    return null
  }

  const blocks: CompareBlock[] = []
  let current: { ref: string; label: string } | null = null
  let labelUsed = false

  const textblock = (element: Y.XmlElement, item: Y.Item) => {
    const segments: ChangeSegment[] = []
    const push = (text: string, change: ChangeSegment['change'], by: string | null) => {
      const last = segments[segments.length - 1]
      if (last && last.change === change && last.by === by) last.text += text
      else segments.push({ text, change, by })
    }
    for (const child of childItems(element)) {
      if (!(child.content instanceof Y.ContentType)) continue
      const type = child.content.type
      if (type instanceof Y.XmlText) {
        const delta = type.toDelta(snapB, snapA, (kind: 'added' | 'removed', id: Y.ID) => ({ kind, by: kind === 'added' ? insertedBy(id) : deletedBy(id) }))
        for (const op of delta as Array<{ insert: unknown; attributes?: { ychange?: { kind: 'added' | 'removed'; by: string | null } } }>) {
          if (typeof op.insert !== 'string') continue
          const change = op.attributes?.ychange
          push(op.insert, change ? (change.kind === 'added' ? 'inserted' : 'deleted') : 'same', change ? change.by : null)
        }
      } else if (type instanceof Y.XmlElement && type.nodeName === 'hardBreak') {
        const inA = visible(child, snapA)
        const inB = visible(child, snapB)
        if (inA || inB) push('\n', inA && inB ? 'same' : inB ? 'inserted' : 'deleted', inA && inB ? null : inB ? insertedBy(child.id) : deletedBy(child.id))
      }
    }
    const inA = visible(item, snapA)
    const inB = visible(item, snapB)
    const status: CompareBlock['status'] = !inA ? 'inserted' : !inB ? 'deleted' : segments.some((s) => s.change !== 'same') ? 'changed' : 'same'
    blocks.push({
      ref: current?.ref ?? null,
      label: current && !labelUsed ? current.label : null,
      type: element.nodeName === 'heading' ? 'heading' : 'paragraph',
      status,
      segments,
    })
    labelUsed = true
  }

  const walk = (type: Y.AbstractType<any>) => {
    for (const item of childItems(type)) {
      if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.XmlElement)) continue
      if (!visible(item, snapA) && !visible(item, snapB)) continue
      const element = item.content.type
      if (schema.nodes[element.nodeName]?.isTextblock) {
        textblock(element, item)
        continue
      }
      const numbered = element.nodeName === 'listItem' ? (refsB.get(idKey(item.id)) ?? refsA.get(idKey(item.id))) : undefined
      if (!numbered) {
        walk(element)
        continue
      }
      const outer = current
      const outerUsed = labelUsed
      current = { ref: numbered.reference, label: numbered.label }
      labelUsed = false
      walk(element)
      current = outer
      labelUsed = outerUsed
    }
  }
  // Yjs keeps neighbouring deleted text in one item even when different people deleted it: split the
  // items at every person's deletion boundaries, and walk in the same transaction (Yjs merges split
  // items back when a transaction ends), so each run is credited to the right person.
  merged.transact((tr) => {
    for (const ds of attribution.deletions.values()) {
      for (const [client, ranges] of ds.clients) {
        const state = Y.getState(merged.store, client)
        for (const { clock, len } of ranges) for (const at of [clock, clock + len]) if (at > 0 && at < state) Y.getItemCleanStart(tr, Y.createID(client, at))
      }
    }
    walk(merged.getXmlFragment(DOCUMENT_FIELD))
  })
  for (const doc of [docA, docB, merged]) doc.destroy()
  // Shown by whole words, as Word's compare does, not by the characters the CRDT changed.
  return blocks.map((block) => (block.status === 'changed' ? { ...block, segments: byWords(block.segments) } : block))
}

/** Characters inserted and deleted. */
interface Counts {
  inserted: number
  deleted: number
}

/** Who made what in a document, as the server recorded it: the owners of its Yjs client ids, and each user's deletions. */
async function attribution(rooms: DocumentRooms, storage: DocumentStore, docId: string): Promise<Attribution> {
  await rooms.flush()
  const deletions = new Map<string, ReturnType<typeof decodeDeleteSet>>()
  for (const [userId, sets] of await storage.deletionsByUser(docId)) deletions.set(userId, Y.mergeDeleteSets(sets.map(decodeDeleteSet)))
  return { clientOwners: rooms.peek(docId)?.clientOwners ?? (await storage.clientOwners(docId)), deletions }
}

/**
 * The blocks of a comparison between two states of a document (older first), and the characters
 * each user inserted and deleted in them; what nobody can be named for is counted apart.
 */
export async function compareVersions(deps: { rooms: DocumentRooms; storage: DocumentStore }, docId: string, older: Uint8Array, newer: Uint8Array) {
  const blocks = compareStates(older, newer, await attribution(deps.rooms, deps.storage, docId))
  const tally = new Map<string | null, Counts>()
  for (const block of blocks) {
    for (const s of block.segments) {
      if (s.change === 'same') continue
      const t = tally.get(s.by) ?? { inserted: 0, deleted: 0 }
      t[s.change] += s.text.length
      tally.set(s.by, t)
    }
  }
  const authors = [...tally].flatMap(([userId, counts]) => (userId === null ? [] : [{ userId, ...counts }]))
  return { blocks, authors, unattributed: tally.get(null) ?? { inserted: 0, deleted: 0 } }
}
