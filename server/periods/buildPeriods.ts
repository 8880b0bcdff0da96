import type { Scopes } from '../auth/scopes.js'
import { documentAccess } from '../auth/access.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { CommentPeriodView } from '../../shared/periods/types.js'
import { PeriodPresenter } from './PeriodPresenter.js'
import { PeriodService, type PeriodDeps } from './PeriodService.js'
import { periodRoutes } from './periodRoutes.js'

/**
 * Builds comment periods, registers how their changes are shown on the event stream
 * ('comment-period': a document's current round, `{documentId, period}`), and declares their routes.
 */
export function buildPeriods(deps: Omit<PeriodDeps, 'presenter' | 'storage' | 'groups'> & { storage: DocumentStore; groups: GroupStore; scopes: Scopes }) {
  const presenter = new PeriodPresenter(deps.store, deps.groups)
  const periods = new PeriodService({ ...deps, presenter })
  deps.hub.register('comment-period', async (docId, viewer): Promise<{ documentId: string; period: CommentPeriodView | null } | null> => {
    const doc = await deps.storage.getDocument(docId)
    if (!doc || !(await documentAccess(deps.groups, viewer, doc)).canRead) return null
    return { documentId: docId, period: await periods.current(docId) }
  })
  return { periods, routes: periodRoutes({ scopes: deps.scopes, periods }) }
}
