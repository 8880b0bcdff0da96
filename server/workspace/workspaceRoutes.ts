import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { DocumentStore, DocumentRecord } from '../documents/DocumentStore.js'
import type { GroupRecord } from '../groups/GroupStore.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { GroupStore } from '../groups/GroupStore.js'
import { route } from '../http/route.js'
import type { Scopes } from '../auth/scopes.js'
import { newDocumentGroup } from './newDocumentGroup.js'
import { DocumentParams } from './documentParams.js'
import { CreateDocumentSchema, RenameDocumentSchema, type DocumentSummary } from '../../shared/types.js'
import { EditRolesSchema } from '../../shared/authTypes.js'
import { can, capabilities, type Action, type Actor } from '../../shared/permissions.js'
import { documentTarget } from '../auth/access.js'
import type { User } from '../auth/AccountStore.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import type { CommentPeriodView } from '../../shared/periods/types.js'

/** Short, URL-safe document ids. */
export function newDocumentId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 20)
}

export interface WorkspaceRouteDeps {
  storage: DocumentStore
  groups: GroupStore
  scopes: Scopes
  rooms: DocumentRooms
  documents: DocumentReader
  /** Open websockets and event streams re-decide their rights (after edit roles changed). */
  onAccessChanged: () => void
  /** Each document's current comment period, shown in the list and on the document page. */
  periods: PeriodLookup
}

/** A document's current comment period (PeriodService.current). */
export interface PeriodLookup {
  current(docId: string): Promise<CommentPeriodView | null>
}

/** The API form of a stored document, with its current comment period and what this actor may do with it (now, with that period). */
export function documentSummary(doc: DocumentRecord, group: GroupRecord, actor: Actor, commentPeriod: CommentPeriodView | null): DocumentSummary {
  const target = documentTarget(doc, group, commentPeriod?.state === 'closed')
  return {
    id: doc.id,
    groupId: doc.groupId,
    title: doc.title,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
    editRoles: doc.editRoles,
    mode: doc.mode,
    language: doc.language,
    paper: doc.paper,
    commentPeriod,
    timeZone: group.timeZone,
    access: { role: actor.role, canEdit: can(actor, 'document.edit', target), canComment: can(actor, 'comment.create', target), capabilities: capabilities(actor, target) },
  }
}

/** Documents: list, create, rename, delete, edit rights, and the text as the server reads it. */
export function workspaceRoutes(deps: WorkspaceRouteDeps) {
  const { storage, rooms } = deps
  const { document } = deps.scopes
  const summary = async (doc: DocumentRecord, scope: { group: GroupRecord; actor: Actor }) => documentSummary(doc, scope.group, scope.actor, await deps.periods.current(doc.id))
  /** The content as the server reads it: ProseMirror JSON and numbered plain text. */
  const contentOf = async (docId: string) => {
    using current = await deps.documents.read(docId)
    return { text: current.text, content: current.pm.toJSON() }
  }
  /** A route on one document (:id): the caller needs `action` on it. */
  const onDocument = (action: Action) => ({ params: DocumentParams, action, scope: ({ user, params }: { user: User; params: { id: string } }) => document(user, params.id) })

  return [
    route({
      method: 'GET',
      url: '/api/documents',
      summary: 'The documents the caller may read, optionally of one group',
      querystring: z.object({ groupId: z.string().optional() }),
      handler: async ({ user, query }) => {
        const readable = []
        for (const doc of await storage.listDocuments(query.groupId)) {
          const scope = await document(user, doc.id)
          if (can(scope.actor, 'document.read')) readable.push(await summary(doc, scope))
        }
        return readable
      },
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id',
      summary: 'A document, with what the caller may do with it',
      ...onDocument('document.read'),
      handler: ({ scope }) => summary(scope.doc, scope),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/content',
      summary: 'A document with its current content: ProseMirror JSON and numbered plain text',
      ...onDocument('document.read'),
      handler: async ({ scope }) => ({ ...(await summary(scope.doc, scope)), ...(await contentOf(scope.doc.id)) }),
    }),
    route({
      method: 'POST',
      url: '/api/documents',
      summary: 'Creates an empty document in a group (the caller’s only group when groupId is left out)',
      body: CreateDocumentSchema,
      status: 201,
      action: 'document.create',
      scope: ({ user, body }) => newDocumentGroup(deps, user, body.groupId),
      handler: async ({ scope, body }) => summary(await storage.createDocument({ id: newDocumentId(), groupId: scope.group.id, title: body.title }), scope),
    }),
    route({
      method: 'PATCH',
      url: '/api/documents/:id',
      summary: 'Renames a document',
      body: RenameDocumentSchema,
      ...onDocument('document.rename'),
      handler: async ({ scope, body }) => summary((await storage.renameDocument(scope.doc.id, body.title))!, scope),
    }),
    route({
      method: 'PUT',
      url: '/api/documents/:id/permissions',
      summary: 'Sets which roles may edit a document',
      body: EditRolesSchema,
      ...onDocument('document.setPermissions'),
      handler: async ({ scope, body }) => {
        const updated = (await storage.setEditRoles(scope.doc.id, [...new Set(body.editRoles)]))!
        deps.onAccessChanged()
        return summary(updated, scope)
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/documents/:id',
      summary: 'Deletes a document (its content stays in the database) and closes its connections',
      ...onDocument('document.delete'),
      handler: async ({ scope }) => {
        await storage.deleteDocument(scope.doc.id)
        await rooms.closeDocument(scope.doc.id, CloseCodes.documentDeleted)
      },
    }),
  ]
}
