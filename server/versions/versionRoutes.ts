import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { Storage } from '../persistence/Storage.js'
import type { VersionService } from './VersionService.js'
import { readJson } from '../http/json.js'
import { authorize, readableDocument } from '../auth/access.js'
import { HttpError } from '../http/HttpError.js'
import { SaveVersionSchema } from '../../shared/versions/types.js'
import { DOCX_TYPE, MARKDOWN_TYPE, safeFileName, sendDownload } from '../http/download.js'
import { toDocx } from '../workspace/toDocx.js'
import { toMarkdown } from '../../shared/export/toMarkdown.js'

export interface VersionRouteDeps {
  auth: Auth
  storage: Storage
  versions: VersionService
  maxBodyBytes: number
}

/** Version history: list, save, open, compare, restore. */
export function addVersionRoutes(router: Router, deps: VersionRouteDeps) {
  const { auth, storage, versions, maxBodyBytes } = deps
  const access = (req: Parameters<Auth['require']>[0], docId: string, action: 'version.read' | 'version.save' | 'version.restore') => {
    const { user } = auth.require(req)
    const found = readableDocument(storage, auth.accounts, user, docId)
    authorize(found.access.actor, action)
    return user
  }

  router
    .add('GET', '/api/documents/:id/versions', ({ req, params }) => {
      access(req, params.id, 'version.read')
      return versions.list(params.id)
    })
    .add(
      'POST',
      '/api/documents/:id/versions',
      async ({ req, params }) => {
        const user = access(req, params.id, 'version.save')
        const body = await readJson(req, SaveVersionSchema, maxBodyBytes)
        return versions.save(params.id, 'named', body.name, user.id)
      },
      201,
    )
    .add('GET', '/api/documents/:id/versions/:versionId', ({ req, params }) => {
      access(req, params.id, 'version.read')
      return versions.get(params.id, params.versionId)
    })
    .add('GET', '/api/documents/:id/versions/:versionId/export.docx', async ({ req, res, params }) => {
      access(req, params.id, 'version.read')
      const { summary, node } = versions.read(params.id, params.versionId)
      const title = `${storage.getDocument(params.id)!.title} (${summary.name})`
      return sendDownload(res, `${safeFileName(title)}.docx`, DOCX_TYPE, await toDocx(node, title))
    })
    .add('GET', '/api/documents/:id/versions/:versionId/export.md', ({ req, res, params }) => {
      access(req, params.id, 'version.read')
      const { summary, node } = versions.read(params.id, params.versionId)
      return sendDownload(res, `${safeFileName(`${storage.getDocument(params.id)!.title} (${summary.name})`)}.md`, MARKDOWN_TYPE, toMarkdown(node))
    })
    .add('GET', '/api/documents/:id/compare', ({ req, params, url }) => {
      access(req, params.id, 'version.read')
      const from = url.searchParams.get('from')
      const to = url.searchParams.get('to') ?? 'now'
      if (!from) throw new HttpError(400, 'from_required', 'say which version to compare from: ?from=<version id>&to=<version id or now>')
      return versions.compare(params.id, from, to)
    })
    .add('POST', '/api/documents/:id/versions/:versionId/restore', ({ req, params }) => {
      const user = access(req, params.id, 'version.restore')
      return { restored: params.versionId, savedBefore: versions.restore(params.id, params.versionId, user.id) }
    })
}
