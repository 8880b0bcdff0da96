import { z } from 'zod'
import type { Storage } from '../persistence/Storage.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import { route } from '../http/route.js'
import { DomainError } from '../http/DomainError.js'
import { HttpError } from '../http/HttpError.js'
import { newDocumentId } from '../workspace/workspaceRoutes.js'
import { newDocumentGroup } from '../workspace/newDocumentGroup.js'
import { CreateDocumentSchema } from '../../shared/types.js'
import { DOCX_TYPE } from '../http/download.js'
import { ImportPool } from './ImportPool.js'
import { readZipDirectory } from './zipDirectory.js'

export interface ImportRouteDeps {
  storage: Storage
  groups: GroupStore
  scopes: Scopes
  maxImportBytes: number
  maxDocumentBytes: number
}

/**
 * POST /api/documents/import?title=…[&groupId=…]: the file itself is the body, a Word file
 * (Content-Type application/vnd.openxmlformats-officedocument.wordprocessingml.document) or
 * Markdown (text/markdown or text/plain). Creates a new document; answers 201 with it and the
 * importer's warnings. The file is read in a worker thread within the limits of ImportPool
 * (importLimits.ts): 413 import_too_large, 422 import_too_complex, 503 import_busy past them.
 */
export function importRoutes(deps: ImportRouteDeps) {
  const { storage } = deps
  const pool = new ImportPool()
  const groupForNew = newDocumentGroup(deps.groups, deps.scopes)
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
      scope: ({ user, query }) => groupForNew(user, query.groupId),
      handler: async ({ req, reply, user, query, body, scope }) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
        if (type !== DOCX_TYPE && type !== 'text/markdown' && type !== 'text/plain')
          throw new DomainError('unsupported', 'unsupported_media_type', `import a Word file (${DOCX_TYPE}) or Markdown (text/markdown)`)
        const file = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
        // The declared sizes cost a few bytes per zip entry to read: a zip bomb that admits to being one is refused before any worker starts.
        if (type === DOCX_TYPE) readZipDirectory(file, pool.limits)
        const gone = new AbortController()
        reply.raw.once('close', () => gone.abort())
        const imported = await pool.read(type === DOCX_TYPE ? 'docx' : 'markdown', file, gone.signal).catch((error: unknown) => {
          if (error instanceof HttpError && error.code === 'import_busy') reply.header('Retry-After', '30')
          throw error
        })
        const { update, clientId } = imported
        if (update.byteLength > deps.maxDocumentBytes) throw new DomainError('too_large', 'payload_too_large', `the imported document would pass ${deps.maxDocumentBytes} bytes`)
        const doc = storage.createDocument({ id: newDocumentId(), groupId: scope.group.id, title: query.title, initialUpdate: update, userId: user.id, clientId })
        return { document: { id: doc.id, title: doc.title, groupId: doc.groupId }, warnings: imported.warnings }
      },
    }),
  ]
}
