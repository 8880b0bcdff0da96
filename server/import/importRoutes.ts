import { z } from 'zod'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import { route } from '../http/route.js'
import { newDocumentGroup } from '../workspace/newDocumentGroup.js'
import { CreateDocumentSchema } from '../../shared/types.js'
import { DocumentImporter } from './DocumentImporter.js'

export interface ImportRouteDeps {
  storage: DocumentStore
  groups: GroupStore
  scopes: Scopes
  maxImportBytes: number
  maxDocumentBytes: number
}

/**
 * POST /api/documents/import?title=…[&groupId=…]: the file itself is the body, a Word file
 * (Content-Type application/vnd.openxmlformats-officedocument.wordprocessingml.document) or
 * Markdown (text/markdown or text/plain). Creates a new document; answers 201 with it and the
 * importer's warnings (DocumentImporter). A body past maxImportBytes is 413 payload_too_large.
 */
export function importRoutes(deps: ImportRouteDeps) {
  const importer = new DocumentImporter(deps)
  return [
    route({
      method: 'POST',
      url: '/api/documents/import',
      summary: 'Imports a Word (.docx) or Markdown file, sent as the body, as a new document',
      querystring: z.object({ title: CreateDocumentSchema.shape.title, groupId: z.string().optional() }),
      rawBody: true,
      bodyLimit: deps.maxImportBytes,
      status: 201,
      action: 'document.create',
      scope: ({ user, query }) => newDocumentGroup(deps, user, query.groupId),
      handler: ({ req, reply, user, query, body, scope }) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
        const gone = new AbortController()
        reply.raw.once('close', () => gone.abort())
        const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
        return importer.import({ type, bytes }, { title: query.title, groupId: scope.group.id, userId: user.id }, gone.signal)
      },
    }),
  ]
}
