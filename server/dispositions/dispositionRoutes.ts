import { z } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import { route } from '../http/route.js'
import { DocumentParams } from '../workspace/documentParams.js'
import { RecordDispositionSchema } from '../../shared/dispositions/types.js'
import type { DispositionService } from './DispositionService.js'

/** `:target`: the comment thread or proposal a disposition answers. */
const TargetParams = DocumentParams.extend({ target: z.string().min(1).max(64) })

/** A document's dispositions (the comments matrix). Routes are thin: DispositionService decides. */
export function dispositionRoutes(deps: { dispositions: DispositionService; scopes: Scopes }) {
  const { dispositions, scopes } = deps
  const onDocument = ({ user, params }: { user: User; params: { id: string } }) => scopes.document(user, params.id)
  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/dispositions',
      summary: 'The dispositions of the comment threads and proposals the caller may see on the document',
      params: DocumentParams,
      action: 'document.read',
      scope: onDocument,
      handler: ({ user, scope }) => dispositions.list(user, scope.doc),
    }),
    route({
      method: 'PUT',
      url: '/api/documents/:id/dispositions/:target',
      summary: 'Records or changes the disposition of a comment thread or proposal (accepted, partly-accepted, not-accepted, noted), with an explanation and optionally the answering paragraph',
      params: TargetParams,
      body: RecordDispositionSchema,
      action: 'disposition.record',
      scope: onDocument,
      handler: ({ user, params, body, scope }) => dispositions.record(user, scope.doc, params.target, body),
    }),
    route({
      method: 'DELETE',
      url: '/api/documents/:id/dispositions/:target',
      summary: 'Clears the disposition of a comment thread or proposal',
      params: TargetParams,
      action: 'disposition.record',
      scope: onDocument,
      handler: ({ user, params, scope }) => dispositions.clear(user, scope.doc, params.target),
    }),
  ]
}
