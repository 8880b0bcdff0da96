import { z } from 'zod'
import type { FastifyReply } from 'fastify'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import { route } from '../http/route.js'
import { download } from '../http/download.js'
import { DocumentParams } from '../workspace/documentParams.js'
import { SetCommentPeriodSchema } from '../../shared/periods/types.js'
import type { PeriodService } from './PeriodService.js'

const CompilationParams = DocumentParams.extend({ periodId: z.string().min(1).max(100) })
const CompilationQuery = z.object({ close: z.coerce.number().int().min(1).optional().describe('which close of the round (1 = the first; default the last)') })

/** Comment periods of a document: the current round, all rounds, the chair's open/extend/reopen, and each round's frozen comments table. */
export function periodRoutes({ scopes, periods }: { scopes: Scopes; periods: PeriodService }) {
  const onDocument = ({ user, params }: { user: User; params: { id: string } }) => scopes.document(user, params.id)
  const frozen = (format: 'csv' | 'docx') =>
    route({
      method: 'GET',
      url: `/api/documents/:id/comment-periods/:periodId/comments.${format}`,
      summary: `A round's comments table (${format === 'csv' ? 'CSV' : 'Word'}) as frozen when it closed (?close=n for an earlier close of a reopened round)`,
      params: CompilationParams,
      querystring: CompilationQuery,
      action: 'commentPeriod.read',
      scope: onDocument,
      handler: async ({ reply, params, query, scope }): Promise<FastifyReply> => {
        const file = await periods.compilation(scope.doc, params.periodId, format, query.close)
        return download(reply, file.name, file.type, file.body)
      },
    })
  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/comment-period',
      summary: 'The document’s current comment period (round, closing time, state, history, frozen compilations), or null',
      params: DocumentParams,
      action: 'commentPeriod.read',
      scope: onDocument,
      handler: ({ params }) => periods.current(params.id),
    }),
    route({
      method: 'PUT',
      url: '/api/documents/:id/comment-period',
      summary: 'Opens a comment period, extends the open one, reopens a closed round (same or no round name) or opens the next round (another name); logged',
      params: DocumentParams,
      body: SetCommentPeriodSchema,
      action: 'commentPeriod.manage',
      scope: onDocument,
      handler: ({ user, body, scope }) => periods.set(user, scope.doc, body),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/comment-periods',
      summary: 'Every comment period (round) of the document, oldest first',
      params: DocumentParams,
      action: 'commentPeriod.read',
      scope: onDocument,
      handler: ({ params }) => periods.list(params.id),
    }),
    frozen('csv'),
    frozen('docx'),
  ]
}
