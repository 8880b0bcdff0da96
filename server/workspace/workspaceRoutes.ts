import { randomUUID } from 'node:crypto'
import type * as Y from 'yjs'
import type { Router } from '../http/Router.js'
import type { Storage, DocumentRecord } from '../persistence/Storage.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import type { Auth } from '../auth/Auth.js'
import type { User } from '../auth/AccountStore.js'
import { HttpError } from '../http/HttpError.js'
import { readJson } from '../http/json.js'
import { MARKDOWN_TYPE, safeFileName, sendDownload } from '../http/download.js'
import { actorIn, authorize, documentAccess, groupForNewDocument, readableDocument } from '../auth/access.js'
import { CreateDocumentSchema, RenameDocumentSchema, type DocumentSummary } from '../../shared/types.js'
import { EditRolesSchema } from '../../shared/authTypes.js'
import { can } from '../../shared/permissions.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { documentPlainText, readDocument } from './documentContent.js'
import { toMarkdown } from '../../shared/export/toMarkdown.js'

/** Short, URL-safe document ids. */
export function newDocumentId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 20)
}

export interface WorkspaceRouteDeps {
  auth: Auth
  storage: Storage
  rooms: DocumentRooms
  maxBodyBytes: number
  onAccessChanged: () => void
}

/** Documents: list, create, rename, delete, edit rights, and the text as the server reads it. */
export function addWorkspaceRoutes(router: Router, deps: WorkspaceRouteDeps) {
  const { auth, storage, rooms, maxBodyBytes } = deps
  const accounts = auth.accounts

  /** The API form of a stored document, with what this user may do with it. */
  const toSummary = (user: User, doc: DocumentRecord): DocumentSummary => {
    const access = documentAccess(storage, accounts, user, doc)
    return {
      id: doc.id,
      groupId: doc.groupId,
      title: doc.title,
      createdAt: new Date(doc.createdAt).toISOString(),
      updatedAt: new Date(doc.updatedAt).toISOString(),
      editRoles: doc.editRoles,
      access: { role: access.actor.role, canEdit: access.canEdit, canComment: access.canComment, capabilities: access.capabilities },
    }
  }

  /** The document and the caller's access; 404 when unknown, 403 when the caller may not read it. */
  const documentFor = (user: User, id: string) => readableDocument(storage, accounts, user, id)

  /** The document's current Y.Doc: the live one when loaded (with pending updates stored), else read from storage. */
  const currentDoc = (id: string): Y.Doc => rooms.current(id).doc

  router
    .add('GET', '/api/documents', ({ req, url }) => {
      const { user } = auth.require(req)
      const groupId = url.searchParams.get('groupId') ?? undefined
      return storage
        .listDocuments(groupId)
        .filter((d) => can(actorIn(accounts, user, d.groupId).actor, 'document.read'))
        .map((d) => toSummary(user, d))
    })
    .add('GET', '/api/documents/:id', ({ req, params }) => {
      const { user } = auth.require(req)
      return toSummary(user, documentFor(user, params.id).doc)
    })
    .add('GET', '/api/documents/:id/content', ({ req, params }) => {
      const { user } = auth.require(req)
      const { doc: record } = documentFor(user, params.id)
      const node = readDocument(currentDoc(record.id))
      return { ...toSummary(user, record), text: documentPlainText(node), content: node.toJSON() }
    })
    .add('GET', '/api/documents/:id/export.md', ({ req, res, params }) => {
      const { user } = auth.require(req)
      const { doc: record } = documentFor(user, params.id)
      const doc = currentDoc(record.id)
      return sendDownload(res, `${safeFileName(record.title)}.md`, MARKDOWN_TYPE, toMarkdown(readDocument(doc)))
    })
    .add(
      'POST',
      '/api/documents',
      async ({ req }) => {
        const { user } = auth.require(req)
        const body = await readJson(req, CreateDocumentSchema, maxBodyBytes)
        const groupId = groupForNewDocument(storage, accounts, user, body.groupId)
        return toSummary(user, storage.createDocument({ id: newDocumentId(), groupId, title: body.title }))
      },
      201,
    )
    .add('PATCH', '/api/documents/:id', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { access } = documentFor(user, params.id)
      authorize(access.actor, 'document.rename')
      const body = await readJson(req, RenameDocumentSchema, maxBodyBytes)
      return toSummary(user, storage.renameDocument(params.id, body.title)!)
    })
    .add('PUT', '/api/documents/:id/permissions', async ({ req, params }) => {
      const { user } = auth.require(req)
      const { access } = documentFor(user, params.id)
      authorize(access.actor, 'document.setPermissions')
      const body = await readJson(req, EditRolesSchema, maxBodyBytes)
      const updated = storage.setEditRoles(params.id, [...new Set(body.editRoles)])!
      deps.onAccessChanged()
      return toSummary(user, updated)
    })
    .add('DELETE', '/api/documents/:id', ({ req, params }) => {
      const { user } = auth.require(req)
      const { access } = documentFor(user, params.id)
      authorize(access.actor, 'document.delete')
      storage.deleteDocument(params.id)
      rooms.closeDocument(params.id, CloseCodes.documentDeleted)
      return undefined
    })
}
