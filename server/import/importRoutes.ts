import { Node } from '@tiptap/pm/model'
import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { Storage } from '../persistence/Storage.js'
import { readBody } from '../http/json.js'
import { HttpError } from '../http/HttpError.js'
import { groupForNewDocument } from '../auth/access.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { initialContent } from '../seed/seedExampleWorkspace.js'
import { newDocumentId } from '../workspace/workspaceRoutes.js'
import { importDocx } from './importDocx.js'
import { importMarkdown } from './importMarkdown.js'
import type { ImportResult } from './buildDocument.js'

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
 * importer's warnings.
 */
export function addImportRoutes(router: Router, deps: ImportRouteDeps) {
  const { auth, storage } = deps
  router.add(
    'POST',
    '/api/documents/import',
    async ({ req, url }) => {
      const { user } = auth.require(req)
      const title = (url.searchParams.get('title') ?? '').trim()
      if (!title || title.length > 200) throw new HttpError(400, 'invalid_request', 'title: give the new document a title of 1 to 200 characters')
      const groupId = groupForNewDocument(storage, auth.accounts, user, url.searchParams.get('groupId') ?? undefined)

      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      if (type !== DOCX && type !== 'text/markdown' && type !== 'text/plain')
        throw new HttpError(415, 'unsupported_media_type', `import a Word file (${DOCX}) or Markdown (text/markdown)`)
      const body = await readBody(req, deps.maxImportBytes)
      let imported: ImportResult
      try {
        imported = type === DOCX ? await importDocx(body) : importMarkdown(body.toString('utf8'))
      } catch (error) {
        throw new HttpError(422, 'unreadable_file', type === DOCX ? `this is not a readable Word (.docx) file: ${(error as Error).message}` : 'this Markdown could not be read')
      }
      try {
        Node.fromJSON(documentSchema(), imported.doc).check()
      } catch (error) {
        throw new HttpError(422, 'unreadable_file', `the file's structure does not fit a Plenary document: ${(error as Error).message}`)
      }
      const { update, clientId } = initialContent(imported.doc)
      if (update.byteLength > deps.maxDocumentBytes) throw new HttpError(413, 'payload_too_large', `the imported document would pass ${deps.maxDocumentBytes} bytes`)
      const doc = storage.createDocument({ id: newDocumentId(), groupId, title, initialUpdate: update, userId: user.id, clientId })
      return { document: { id: doc.id, title: doc.title, groupId: doc.groupId }, warnings: imported.warnings }
    },
    201,
  )
}
