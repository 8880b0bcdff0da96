import { randomUUID } from 'node:crypto'
import type { Router } from '../http/Router.js'
import type { Storage, DocumentRecord } from '../persistence/Storage.js'
import type { DocumentRooms } from '../documents/DocumentRooms.js'
import { HttpError } from '../http/HttpError.js'
import { readJson } from '../http/json.js'
import { CreateDocumentSchema, RenameDocumentSchema, type DocumentSummary } from '../../shared/types.js'
import { CloseCodes } from '../../shared/protocol/closeCodes.js'
import { documentPlainText, readDocument } from './documentContent.js'
import * as Y from 'yjs'
import { applyStoredContent } from '../documents/applyStoredContent.js'

/** The API form of a stored document. */
export function toSummary(doc: DocumentRecord): DocumentSummary {
  return {
    id: doc.id,
    groupId: doc.groupId,
    title: doc.title,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  }
}

/** Short, URL-safe document ids. */
export function newDocumentId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 20)
}

/** Groups and documents: list, create, rename, delete, and read a document's text. */
export function addWorkspaceRoutes(router: Router, deps: { storage: Storage; rooms: DocumentRooms; maxBodyBytes: number }) {
  const { storage, rooms, maxBodyBytes } = deps
  const findDocument = (id: string) => {
    const doc = storage.getDocument(id)
    if (!doc) throw new HttpError(404, 'document_not_found', `no document with id "${id}"`)
    return doc
  }

  router
    .add('GET', '/api/groups', () => storage.listGroups())
    .add('GET', '/api/documents', ({ url }) => {
      const groupId = url.searchParams.get('groupId') ?? undefined
      return storage.listDocuments(groupId).map(toSummary)
    })
    .add('GET', '/api/documents/:id', ({ params }) => toSummary(findDocument(params.id)))
    .add('GET', '/api/documents/:id/content', ({ params }) => {
      const record = findDocument(params.id)
      rooms.flush()
      let doc = rooms.peek(record.id)?.doc
      if (!doc) {
        doc = new Y.Doc()
        applyStoredContent(doc, storage.loadContent(record.id))
      }
      const node = readDocument(doc)
      return { ...toSummary(record), text: documentPlainText(node), content: node.toJSON() }
    })
    .add(
      'POST',
      '/api/documents',
      async ({ req }) => {
        const body = await readJson(req, CreateDocumentSchema, maxBodyBytes)
        const groups = storage.listGroups()
        const groupId = body.groupId ?? (groups.length === 1 ? groups[0].id : undefined)
        if (!groupId) throw new HttpError(400, 'group_required', 'groupId is required when there is more than one group')
        if (!groups.some((g) => g.id === groupId)) throw new HttpError(404, 'group_not_found', `no group with id "${groupId}"`)
        return toSummary(storage.createDocument({ id: newDocumentId(), groupId, title: body.title }))
      },
      201,
    )
    .add('PATCH', '/api/documents/:id', async ({ req, params }) => {
      findDocument(params.id)
      const body = await readJson(req, RenameDocumentSchema, maxBodyBytes)
      return toSummary(storage.renameDocument(params.id, body.title)!)
    })
    .add('DELETE', '/api/documents/:id', ({ params }) => {
      findDocument(params.id)
      storage.deleteDocument(params.id)
      rooms.closeDocument(params.id, CloseCodes.documentDeleted)
      return undefined
    })
}
