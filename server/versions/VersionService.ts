import * as Y from 'yjs'
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { randomId } from '../auth/secrets.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Logger } from '../logger.js'
import type { ChangeEvent, EventHub } from '../events/EventHub.js'
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

/** A version read from the document and not yet stored (prepare, then keep inside a transaction, then kept). */
export interface PreparedVersion {
  record: VersionRecord
  state: Uint8Array
  groupId: string
  /** The room's editors since the last version, cleared once this one is stored. */
  editors: Set<string> | undefined
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
  /** Documents whose automatic version is being saved. */
  private readonly saving = new Set<string>()

  constructor(
    private readonly deps: VersionDeps,
    private readonly options: VersionOptions,
  ) {}

  /** Live delivery: every saved version becomes a 'version' event for those who may read the document. */
  attachEvents(hub: EventHub): void {
    this.hub = hub
    hub.register('version', async (id, viewer) => {
      const version = await this.deps.store.get(id)
      const doc = version && (await this.deps.storage.getDocument(version.documentId))
      if (!version || !doc || !(await documentAccess(this.deps.groups, viewer, doc)).canRead) return null
      return this.summary(version, doc.groupId)
    })
  }

  // ---- automatic versions (called by DocumentRooms) -----------------------------------------

  /** After a room's updates were stored: keep an automatic version when the last one is old enough. */
  async onStored(room: DocumentRoom): Promise<void> {
    const last = this.latest.get(room.id) ?? (await this.latestOf(room.id))
    if (Date.now() - last.at >= this.options.autoVersionIntervalMs && room.lastSeq > last.seq) await this.saveAuto(room)
  }

  /** The last person who could edit left: keep what they did. */
  async onLastEditorLeft(room: DocumentRoom): Promise<void> {
    if (room.lastSeq > (await this.latestOf(room.id)).seq) await this.saveAuto(room)
  }

  /** Never fails: a version is a convenience; editing goes on if it cannot be written. */
  private async saveAuto(room: DocumentRoom): Promise<void> {
    // One automatic version at a time per document (the next stored update asks again).
    if (this.saving.has(room.id)) return
    this.saving.add(room.id)
    try {
      await this.save(room.id, 'auto', 'Automatic version', null)
    } catch (error) {
      // A version is a convenience; editing goes on if it cannot be written.
      this.deps.logger.error(`automatic version of ${room.id} failed`, error)
    } finally {
      this.saving.delete(room.id)
    }
  }

  private async latestOf(docId: string) {
    let last = this.latest.get(docId)
    if (!last) {
      const newest = await this.deps.store.latest(docId)
      last = { at: newest?.createdAt ?? 0, seq: newest?.seq ?? 0 }
      this.latest.set(docId, last)
    }
    return last
  }

  // ---- reading and saving -------------------------------------------------------------------

  /** Keeps the document's current state as a version; the editors since the last one are named with it. */
  async save(docId: string, kind: VersionKind, name: string, userId: string | null): Promise<VersionSummary> {
    const prepared = await this.prepare(docId, kind, name, userId)
    const event = await this.deps.store.transaction(() => this.keep(prepared))
    if (event) await this.hub!.publish(event)
    this.kept(prepared)
    return this.summary(prepared.record, prepared.groupId)
  }

  /** Reads what a version of the document would keep now, without storing it (save() does both; keep() stores it in a caller's transaction). */
  async prepare(docId: string, kind: VersionKind, name: string, userId: string | null): Promise<PreparedVersion> {
    using current = await this.deps.documents.read(docId)
    const editors = current.room?.editorsSinceVersion
    const record: VersionRecord = { id: randomId(), documentId: docId, kind, name, createdAt: Date.now(), createdBy: userId, seq: current.version, editors: [...(editors ?? [])] }
    return { record, state: current.state(), groupId: await this.groupOf(docId), editors }
  }

  /** Stores a prepared version; call inside the transaction that makes it. Returns its change event, to publish after the commit. */
  async keep(prepared: PreparedVersion): Promise<ChangeEvent | undefined> {
    const { record, state, groupId } = prepared
    await this.deps.store.insert(record, state)
    if (record.kind === 'auto') await this.deps.store.pruneAutomatic(record.documentId, this.options.maxAutoVersions)
    return this.hub?.record(groupId, 'version', record.id)
  }

  /** After a kept version committed: its editors are accounted for, and it is the document's newest. */
  kept(prepared: PreparedVersion): void {
    prepared.editors?.clear()
    this.latest.set(prepared.record.documentId, { at: prepared.record.createdAt, seq: prepared.record.seq })
  }

  async list(docId: string): Promise<VersionSummary[]> {
    const groupId = await this.groupOf(docId)
    return Promise.all((await this.deps.store.list(docId)).map((v) => this.summary(v, groupId)))
  }

  async get(docId: string, versionId: string): Promise<VersionContent> {
    const { summary, node } = await this.read(docId, versionId)
    return { ...summary, content: node.toJSON(), text: documentPlainText(node) }
  }

  /** A version as a ProseMirror document (for exports), with its summary. */
  async read(docId: string, versionId: string): Promise<{ summary: VersionSummary; node: PMNode }> {
    const version = await this.version(docId, versionId)
    return { summary: await this.summary(version, await this.groupOf(docId)), node: await this.nodeOf(versionId) }
  }

  /** Compares two versions (or a version with the current document, when toId is 'now'); the older one is always `from`. */
  async compare(docId: string, fromId: string, toId: string): Promise<Omit<CompareResult, 'decisions'>> {
    const groupId = await this.groupOf(docId)
    let from = await this.version(docId, fromId)
    let to = toId === 'now' ? null : await this.version(docId, toId)
    if (to && (to.seq < from.seq || (to.seq === from.seq && to.createdAt < from.createdAt))) [from, to] = [to, from]
    const newer = to ? await this.state(to.id) : await this.currentState(docId)
    const { blocks, authors, unattributed } = await compareVersions(this.deps, docId, await this.state(from.id), newer)
    const people = await Promise.all(authors.map(async ({ userId, ...counts }) => ({ ...(await this.deps.groups.personIn(groupId, userId)), ...counts })))
    return {
      from: await this.summary(from, groupId),
      to: to && (await this.summary(to, groupId)),
      blocks,
      authors: people.sort((a, b) => a.name.localeCompare(b.name)),
      unattributed,
    }
  }

  /**
   * Restores a version as a new change on top of the current document: the current state is kept
   * as a version first, then the document is changed (by the smallest edit, paragraph by
   * paragraph) to read like the version. Unchanged passages keep their Yjs items, so comments
   * anchored there keep working. Returns the version kept from before the restore.
   */
  async restore(docId: string, versionId: string, userId: string): Promise<VersionSummary> {
    const { rooms } = this.deps
    const version = await this.version(docId, versionId)
    const before = await this.save(docId, 'restore', `Before restoring “${version.name}”`, userId)
    const target = await this.nodeOf(versionId)
    const room = (await rooms.open(docId))!
    const fragment = room.doc.getXmlFragment(DOCUMENT_FIELD)
    const { mapping } = initProseMirrorDoc(fragment, documentSchema())
    rooms.changeAs(room, userId, (origin) => {
      room.doc.transact(() => updateYFragment(room.doc, fragment, target, { mapping, isOMark: new Map() }), origin)
    })
    await rooms.settle(room)
    rooms.unloadWhenIdle(room)
    return before
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A version of this document; 404 when the document has no version with this id. */
  private async version(docId: string, versionId: string): Promise<VersionRecord> {
    const version = await this.deps.store.get(versionId)
    if (version?.documentId !== docId) throw notFound('version_not_found', `document "${docId}" has no version "${versionId}"`)
    return version
  }

  private async state(versionId: string): Promise<Uint8Array> {
    return (await this.deps.store.state(versionId))!
  }

  private async currentState(docId: string): Promise<Uint8Array> {
    using current = await this.deps.documents.read(docId)
    return current.state()
  }

  /** The ProseMirror document a version holds. */
  private async nodeOf(versionId: string): Promise<PMNode> {
    const state = await this.state(versionId)
    const doc = new Y.Doc()
    try {
      Y.applyUpdate(doc, state)
      return readDocument(doc)
    } finally {
      doc.destroy()
    }
  }

  private async groupOf(docId: string): Promise<string> {
    return (await this.deps.storage.getDocument(docId))?.groupId ?? ''
  }

  private async summary(v: VersionRecord, groupId: string): Promise<VersionSummary> {
    const person = (userId: string) => this.deps.groups.personIn(groupId, userId)
    return {
      id: v.id,
      documentId: v.documentId,
      kind: v.kind,
      name: v.name,
      createdAt: new Date(v.createdAt).toISOString(),
      createdBy: v.createdBy ? await person(v.createdBy) : null,
      editors: await Promise.all(v.editors.map(person)),
    }
  }
}
