import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { VersionService } from './VersionService.js'
import type { AmendmentService } from '../amendments/AmendmentService.js'
import { route } from '../http/route.js'
import { DocumentParams, VersionParams } from '../workspace/documentParams.js'
import { invalid } from '../http/DomainError.js'
import { SaveVersionSchema } from '../../shared/versions/types.js'

export interface VersionRouteDeps {
  scopes: Scopes
  versions: VersionService
  /** Proposals decided between two moments, shown with a comparison. */
  amendments: Pick<AmendmentService, 'decidedBetween'>
}

/** Version history: list, save, open, compare, restore. */
export function versionRoutes({ scopes, versions, amendments }: VersionRouteDeps) {
  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/versions',
      summary: 'The saved versions of a document, newest first',
      params: DocumentParams,
      action: 'version.read',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ params }) => versions.list(params.id),
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/versions',
      summary: 'Saves the current state of a document as a named version',
      params: DocumentParams,
      body: SaveVersionSchema,
      status: 201,
      action: 'version.save',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ params, body, user }) => versions.save(params.id, 'named', body.name, user.id),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/versions/:versionId',
      summary: 'A version with its content: ProseMirror JSON and numbered plain text',
      params: VersionParams,
      action: 'version.read',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: ({ params }) => versions.get(params.id, params.versionId),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/compare',
      summary: 'Compares a version with another or with the current document (to=now), with who changed what',
      params: DocumentParams,
      querystring: z.object({ from: z.string().optional(), to: z.string().default('now') }),
      action: 'version.read',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: async ({ user, params, query, scope }) => {
        if (!query.from) throw invalid('from_required', 'say which version to compare from: ?from=<version id>&to=<version id or now>')
        const compared = await versions.compare(params.id, query.from, query.to)
        const until = compared.to ? Date.parse(compared.to.createdAt) : Date.now()
        return { ...compared, decisions: await amendments.decidedBetween(user, scope.doc, Date.parse(compared.from.createdAt), until) }
      },
    }),
    route({
      method: 'POST',
      url: '/api/documents/:id/versions/:versionId/restore',
      summary: 'Restores a version as a new change, keeping the current state as a version first',
      params: VersionParams,
      action: 'version.restore',
      scope: ({ user, params }) => scopes.document(user, params.id),
      handler: async ({ params, user }) => ({ restored: params.versionId, savedBefore: await versions.restore(params.id, params.versionId, user.id) }),
    }),
  ]
}
