import * as Y from 'yjs'
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { randomId } from '../auth/secrets.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Logger } from '../logger.js'
import type { EventHub } from '../events/EventHub.js'
import { documentAccess } from '../auth/access.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { DocumentRoom } from '../documents/DocumentRoom.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import { documentPlainText, readDocument } from '../documents/documentText.js'
import { notFound } from '../http/DomainError.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import type { CompareResult, VersionContent, VersionKind, VersionSummary } from '../../shared/versions/types.js'
import type { VersionRecord, VersionStore } from './VersionStore.js'
import { compareVersions } from './compareVersions.js'

export interface VersionOptions {
  /** Least time between two automatic versions of a document while people edit it. */
  autoVersionIntervalMs: number
  /** Automatic versions kept per document; older ones are deleted (named versions are always kept). */
  maxAutoVersions: number
}

export interface VersionDeps {
  store: VersionStore
  /** The current state of a document (what a version keeps). */
  documents: DocumentReader
  /** Live rooms: a restore changes the room's document; attribution reads who owns its client ids. */
  rooms: DocumentRooms
  /** Documents and their update log (who deleted what). */
  storage: DocumentStore
  groups: GroupStore
  logger: Logger
}

/**
 * Saved states of documents. A version is the whole document state at a moment (one Yjs update,
 * the size of the document), so any version opens and compares without replaying history.
 * Named versions are kept for ever; automatic ones are pruned to the newest maxAutoVersions.
 */
export class VersionService {
  /** Newest version per document (time and stored sequence number), so the hot path needs no query. */
  private readonly latest = new Map<string, { at: number; seq: number }>()
  private hub: EventHub | null = null

  constructor(
    private readonly deps: VersionDeps,
    private readonly options: VersionOptions,
  ) {}

  /** Live delivery: every saved version becomes a 'version' event for those who may read the document. */
  attachEvents(hub: EventHub): void {
    this.hub = hub
    hub.register('version', (id, viewer) => {
      const version = this.deps.store.get(id)
      const doc = version && this.deps.storage.getDocument(version.documentId)
      if (!version || !doc || !documentAccess(this.deps.groups, viewer, doc).canRead) return null
      return this.summary(version, doc.groupId)
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
      this.deps.logger.error(`automatic version of ${room.id} failed`, error)
    }
  }

  private latestOf(docId: string) {
    let last = this.latest.get(docId)
    if (!last) {
      const newest = this.deps.store.latest(docId)
      last = { at: newest?.createdAt ?? 0, seq: newest?.seq ?? 0 }
      this.latest.set(docId, last)
    }
    return last
  }

  // ---- reading and saving -------------------------------------------------------------------

  /** Keeps the document's current state as a version; the editors since the last one are named with it. */
  save(docId: string, kind: VersionKind, name: string, userId: string | null): VersionSummary {
    const { store } = this.deps
    using current = this.deps.documents.read(docId)
    const editors = current.room?.editorsSinceVersion
    const version: VersionRecord = { id: randomId(), documentId: docId, kind, name, createdAt: Date.now(), createdBy: userId, seq: current.version, editors: [...(editors ?? [])] }
    const state = current.state()
    const groupId = this.groupOf(docId)
    const event = store.transaction(() => {
      store.insert(version, state)
      if (kind === 'auto') store.pruneAutomatic(docId, this.options.maxAutoVersions)
      return this.hub?.record(groupId, 'version', version.id)
    })
    if (event) this.hub!.publish(event)
    editors?.clear()
    this.latest.set(docId, { at: version.createdAt, seq: version.seq })
    return this.summary(version, groupId)
  }

  list(docId: string): VersionSummary[] {
    const groupId = this.groupOf(docId)
    return this.deps.store.list(docId).map((v) => this.summary(v, groupId))
  }

  get(docId: string, versionId: string): VersionContent {
    const { summary, node } = this.read(docId, versionId)
    return { ...summary, content: node.toJSON(), text: documentPlainText(node) }
  }

  /** A version as a ProseMirror document (for exports), with its summary. */
  read(docId: string, versionId: string): { summary: VersionSummary; node: PMNode } {
    const version = this.version(docId, versionId)
    return { summary: this.summary(version, this.groupOf(docId)), node: this.nodeOf(versionId) }
  }

  /** Compares two versions (or a version with the current document, when toId is 'now'); the older one is always `from`. */
  compare(docId: string, fromId: string, toId: string): CompareResult {
    const groupId = this.groupOf(docId)
    let from = this.version(docId, fromId)
    let to = toId === 'now' ? null : this.version(docId, toId)
    if (to && (to.seq < from.seq || (to.seq === from.seq && to.createdAt < from.createdAt))) [from, to] = [to, from]
    const { blocks, authors, unattributed } = compareVersions(this.deps, docId, this.state(from.id), to ? this.state(to.id) : this.currentState(docId))
    return {
      from: this.summary(from, groupId),
      to: to && this.summary(to, groupId),
      blocks,
      authors: authors.map(({ userId, ...counts }) => ({ ...this.deps.groups.personIn(groupId, userId), ...counts })).sort((a, b) => a.name.localeCompare(b.name)),
      unattributed,
    }
  }

  /**
   * Restores a version as a new change on top of the current document: the current state is kept
   * as a version first, then the document is changed (by the smallest edit, paragraph by
   * paragraph) to read like the version. Unchanged passages keep their Yjs items, so comments
   * anchored there keep working. Returns the version kept from before the restore.
   */
  restore(docId: string, versionId: string, userId: string): VersionSummary {
    const { rooms } = this.deps
    const version = this.version(docId, versionId)
    const before = this.save(docId, 'restore', `Before restoring “${version.name}”`, userId)
    const target = this.nodeOf(versionId)
    const room = rooms.open(docId)!
    const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD)
    const { mapping } = initProseMirrorDoc(fragment, documentSchema())
    rooms.changeAs(room, userId, (origin) => {
      room.doc.transact(() => updateYFragment(room.doc, fragment, target, { mapping, isOMark: new Map() }), origin)
    })
    rooms.flush()
    rooms.unloadWhenIdle(room)
    return before
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A version of this document; 404 when the document has no version with this id. */
  private version(docId: string, versionId: string): VersionRecord {
    const version = this.deps.store.get(versionId)
    if (version?.documentId !== docId) throw notFound('version_not_found', `document "${docId}" has no version "${versionId}"`)
    return version
  }

  private state(versionId: string): Uint8Array {
    return this.deps.store.state(versionId)!
  }

  private currentState(docId: string): Uint8Array {
    using current = this.deps.documents.read(docId)
    return current.state()
  }

  /** The ProseMirror document a version holds. */
  private nodeOf(versionId: string): PMNode {
    const doc = new Y.Doc()
    try {
      Y.applyUpdate(doc, this.state(versionId))
      return readDocument(doc)
    } finally {
      doc.destroy()
    }
  }

  private groupOf(docId: string): string {
    return this.deps.storage.getDocument(docId)?.groupId ?? ''
  }

  private summary(v: VersionRecord, groupId: string): VersionSummary {
    const person = (userId: string) => this.deps.groups.personIn(groupId, userId)
    return {
      id: v.id,
      documentId: v.documentId,
      kind: v.kind,
      name: v.name,
      createdAt: new Date(v.createdAt).toISOString(),
      createdBy: v.createdBy ? person(v.createdBy) : null,
      editors: v.editors.map(person),
    }
  }
}
