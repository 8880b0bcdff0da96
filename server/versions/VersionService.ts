import * as Y from 'yjs'
import type Database from 'better-sqlite3'
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap'
import { statementCache } from '../persistence/statementCache.js'
import { randomId } from '../auth/secrets.js'
import type { SqliteStorage } from '../persistence/SqliteStorage.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Logger } from '../logger.js'
import type { EventHub } from '../events/EventHub.js'
import { documentAccess } from '../auth/access.js'
import type { Node as PMNode } from '@tiptap/pm/model'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import { documentPlainText, readDocument } from '../documents/documentText.js'
import { notFound } from '../http/DomainError.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { CompareResult, VersionContent, VersionKind, VersionSummary } from '../../shared/versions/types.js'
import { compareStates, type Attribution } from './compareVersions.js'
import { decodeDeleteSet } from './deleteSets.js'

interface VersionRow {
  id: string
  doc_id: string
  kind: VersionKind
  name: string
  created_at: number
  created_by: string | null
  seq: number
  editors: string
}

/** The columns of a version's summary (everything but its state). */
const SUMMARY = 'SELECT id, doc_id, kind, name, created_at, created_by, seq, editors FROM doc_versions'

export interface VersionOptions {
  /** Least time between two automatic versions of a document while people edit it. */
  autoVersionIntervalMs: number
  /** Automatic versions kept per document; older ones are deleted (named versions are always kept). */
  maxAutoVersions: number
}

/**
 * Saved states of documents. A version is the whole document state at a moment (one Yjs update,
 * the size of the document), so any version opens and compares without replaying history.
 * Named versions are kept for ever; automatic ones are pruned to the newest maxAutoVersions.
 */
export class VersionService {
  private readonly sql: (text: string) => Database.Statement
  /** Newest version per document (time and stored sequence number), so the hot path needs no query. */
  private readonly latest = new Map<string, { at: number; seq: number }>()
  private hub: EventHub | null = null

  constructor(
    private readonly storage: SqliteStorage,
    private readonly rooms: DocumentRooms,
    private readonly documents: DocumentReader,
    private readonly groups: GroupStore,
    private readonly logger: Logger,
    private readonly options: VersionOptions,
  ) {
    this.sql = statementCache(storage.db)
  }

  /** Live delivery: every saved version becomes a 'version' event for those who may read the document. */
  attachEvents(hub: EventHub): void {
    this.hub = hub
    hub.register('version', (id, viewer) => {
      const row = this.sql(`${SUMMARY} WHERE id = ?`).get(id) as VersionRow | undefined
      const doc = row && this.storage.getDocument(row.doc_id)
      if (!row || !doc || !documentAccess(this.groups, viewer, doc).canRead) return null
      return this.summary(row, doc.groupId)
    })
  }

  // ---- automatic versions (called by DocumentRooms) -----------------------------------------

  /** After a room's updates were stored: keep an automatic version when the last one is old enough. */
  onStored(room: DocumentRoom): void {
    const last = this.latestOf(room.id)
    if (Date.now() - last.at >= this.options.autoVersionIntervalMs && room.lastSeq > last.seq) this.saveAuto(room)
  }

  /** The last person who could edit left: keep what they did. */
  onLastEditorLeft(room: DocumentRoom): void {
    if (room.lastSeq > this.latestOf(room.id).seq) this.saveAuto(room)
  }

  private saveAuto(room: DocumentRoom): void {
    try {
      this.save(room.id, 'auto', 'Automatic version', null)
    } catch (error) {
      // A version is a convenience; editing goes on if it cannot be written.
      this.logger.error(`automatic version of ${room.id} failed`, error)
    }
  }

  private latestOf(docId: string) {
    let last = this.latest.get(docId)
    if (!last) {
      const row = this.sql('SELECT created_at, seq FROM doc_versions WHERE doc_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(docId) as
        | { created_at: number; seq: number }
        | undefined
      last = { at: row?.created_at ?? 0, seq: row?.seq ?? 0 }
      this.latest.set(docId, last)
    }
    return last
  }

  // ---- reading and saving -------------------------------------------------------------------

  /** The document's current state as one update, and the sequence number it includes. */
  private currentState(docId: string): { state: Uint8Array; seq: number; room?: DocumentRoom } {
    using current = this.documents.read(docId)
    return { state: current.state(), seq: current.version, room: current.room }
  }

  save(docId: string, kind: VersionKind, name: string, userId: string | null): VersionSummary {
    const { state, seq, room } = this.currentState(docId)
    const editors = room ? [...room.editorsSinceVersion] : []
    const id = randomId()
    const now = Date.now()
    const event = this.storage.db.transaction(() => {
      this.sql('INSERT INTO doc_versions (id, doc_id, kind, name, created_at, created_by, seq, editors, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        id, docId, kind, name, now, userId, seq, JSON.stringify(editors), state,
      )
      if (kind === 'auto') {
        this.sql(
          `DELETE FROM doc_versions WHERE doc_id = ? AND kind = 'auto' AND id NOT IN
             (SELECT id FROM doc_versions WHERE doc_id = ? AND kind = 'auto' ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
        ).run(docId, docId, this.options.maxAutoVersions)
      }
      return this.hub?.record(this.groupOf(docId), 'version', id)
    }).immediate()
    if (event) this.hub!.publish(event)
    room?.editorsSinceVersion.clear()
    this.latest.set(docId, { at: now, seq })
    return this.summary(this.row(docId, id), this.groupOf(docId))
  }

  list(docId: string): VersionSummary[] {
    const groupId = this.groupOf(docId)
    const rows = this.sql(`${SUMMARY} WHERE doc_id = ? ORDER BY created_at DESC, rowid DESC`).all(docId) as VersionRow[]
    return rows.map((r) => this.summary(r, groupId))
  }

  get(docId: string, versionId: string): VersionContent {
    const { summary, node } = this.read(docId, versionId)
    return { ...summary, content: node.toJSON(), text: documentPlainText(node) }
  }

  /** A version as a ProseMirror document (for exports), with its summary. */
  read(docId: string, versionId: string): { summary: VersionSummary; node: PMNode } {
    const row = this.row(docId, versionId)
    const doc = this.docOf(this.state(versionId))
    const node = readDocument(doc)
    doc.destroy()
    return { summary: this.summary(row, this.groupOf(docId)), node }
  }

  /** Compares two versions (or a version with the current document, when toId is 'now'); the older one is always `from`. */
  compare(docId: string, fromId: string, toId: string): CompareResult {
    const groupId = this.groupOf(docId)
    let from = this.row(docId, fromId)
    let to = toId === 'now' ? null : this.row(docId, toId)
    if (to && (to.seq < from.seq || (to.seq === from.seq && to.created_at < from.created_at))) [from, to] = [to, from]
    const newer = to ? this.state(to.id) : this.currentState(docId).state
    const blocks = compareStates(this.state(from.id), newer, this.attribution(docId))
    const tally = new Map<string | null, { inserted: number; deleted: number }>()
    for (const block of blocks) {
      for (const s of block.segments) {
        if (s.change === 'same') continue
        const t = tally.get(s.by) ?? { inserted: 0, deleted: 0 }
        t[s.change] += s.text.length
        tally.set(s.by, t)
      }
    }
    const authors = [...tally].filter(([id]) => id !== null).map(([id, t]) => ({ ...this.groups.personIn(groupId, id!), ...t }))
    authors.sort((a, b) => a.name.localeCompare(b.name))
    return {
      from: this.summary(from, groupId),
      to: to && this.summary(to, groupId),
      blocks,
      authors,
      unattributed: tally.get(null) ?? { inserted: 0, deleted: 0 },
    }
  }

  /**
   * Restores a version as a new change on top of the current document: the current state is kept
   * as a version first, then the document is changed (by the smallest edit, paragraph by
   * paragraph) to read like the version. Unchanged passages keep their Yjs items, so comments
   * anchored there keep working. Returns the version kept from before the restore.
   */
  restore(docId: string, versionId: string, userId: string): VersionSummary {
    const version = this.row(docId, versionId)
    const before = this.save(docId, 'restore', `Before restoring “${version.name}”`, userId)
    const source = this.docOf(this.state(versionId))
    const target = readDocument(source)
    source.destroy()
    const room = this.rooms.open(docId)!
    const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD)
    const { mapping } = initProseMirrorDoc(fragment, documentSchema())
    this.rooms.changeAs(room, userId, (origin) => {
      room.doc.transact(() => updateYFragment(room.doc, fragment, target, { mapping, isOMark: new Map() }), origin)
    })
    this.rooms.flush()
    this.rooms.unloadWhenIdle(room)
    return before
  }

  // ---- helpers ------------------------------------------------------------------------------

  private attribution(docId: string): Attribution {
    this.rooms.flush()
    const deletions = new Map<string, ReturnType<typeof decodeDeleteSet>>()
    for (const [userId, sets] of this.storage.deletionsByUser(docId)) deletions.set(userId, Y.mergeDeleteSets(sets.map(decodeDeleteSet)))
    return { clientOwners: this.rooms.peek(docId)?.clientOwners ?? this.storage.clientOwners(docId), deletions }
  }

  /** A version of this document; 404 when the document has no version with this id. */
  private row(docId: string, versionId: string): VersionRow {
    const row = this.sql(`${SUMMARY} WHERE id = ? AND doc_id = ?`).get(versionId, docId) as VersionRow | undefined
    if (!row) throw notFound('version_not_found', `document "${docId}" has no version "${versionId}"`)
    return row
  }

  private state(versionId: string): Uint8Array {
    const row = this.sql('SELECT state FROM doc_versions WHERE id = ?').get(versionId) as { state: Buffer }
    return new Uint8Array(row.state)
  }

  private docOf(state: Uint8Array): Y.Doc {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    return doc
  }

  private groupOf(docId: string): string {
    return this.storage.getDocument(docId)?.groupId ?? ''
  }

  private summary(r: VersionRow, groupId: string): VersionSummary {
    return {
      id: r.id,
      documentId: r.doc_id,
      kind: r.kind,
      name: r.name,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by ? this.groups.personIn(groupId, r.created_by) : null,
      editors: (JSON.parse(r.editors) as string[]).map((id) => this.groups.personIn(groupId, id)),
    }
  }
}
