import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { Storage } from '../persistence/Storage.js'
import { readBody } from '../http/json.js'
import { HttpError } from '../http/HttpError.js'
import { groupForNewDocument } from '../auth/access.js'
import { newDocumentId } from '../workspace/workspaceRoutes.js'
import { ImportPool } from './ImportPool.js'
import { readZipDirectory } from './zipDirectory.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

export interface ImportRouteDeps {
  auth: Auth
  storage: Storage
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
export function addImportRoutes(router: Router, deps: ImportRouteDeps) {
  const { auth, storage } = deps
  const pool = new ImportPool()
  router.add(
    'POST',
    '/api/documents/import',
    async ({ req, res, url }) => {
      const { user } = auth.require(req)
      const title = (url.searchParams.get('title') ?? '').trim()
      if (!title || title.length > 200) throw new HttpError(400, 'invalid_request', 'title: give the new document a title of 1 to 200 characters')
      const groupId = groupForNewDocument(storage, auth.accounts, user, url.searchParams.get('groupId') ?? undefined)

      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      if (type !== DOCX && type !== 'text/markdown' && type !== 'text/plain')
        throw new HttpError(415, 'unsupported_media_type', `import a Word file (${DOCX}) or Markdown (text/markdown)`)
      const body = await readBody(req, deps.maxImportBytes)
      // The declared sizes cost a few bytes per zip entry to read: a zip bomb that admits to being one is refused before any worker starts.
      if (type === DOCX) readZipDirectory(body, pool.limits)
      const gone = new AbortController()
      res.once('close', () => gone.abort())
      const imported = await pool.read(type === DOCX ? 'docx' : 'markdown', body, gone.signal).catch((error: unknown) => {
        if (error instanceof HttpError && error.code === 'import_busy') res.setHeader('Retry-After', '30')
        throw error
      })
      const { update, clientId } = imported
      if (update.byteLength > deps.maxDocumentBytes) throw new HttpError(413, 'payload_too_large', `the imported document would pass ${deps.maxDocumentBytes} bytes`)
      const doc = storage.createDocument({ id: newDocumentId(), groupId, title, initialUpdate: update, userId: user.id, clientId })
      return { document: { id: doc.id, title: doc.title, groupId: doc.groupId }, warnings: imported.warnings }
    },
    201,
  )
}
