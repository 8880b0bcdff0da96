import type { Router } from '../http/Router.js'
import type { Auth } from '../auth/Auth.js'
import type { Storage } from '../persistence/Storage.js'
import type { VersionService } from './VersionService.js'
import { readJson } from '../http/json.js'
import { authorize, readableDocument } from '../auth/access.js'
import { HttpError } from '../http/HttpError.js'
import { SaveVersionSchema } from '../../shared/versions/types.js'

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
