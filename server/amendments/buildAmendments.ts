import type { EventHub } from '../events/EventHub.js'
import type { Scopes } from '../auth/scopes.js'
import { documentAccess } from '../auth/access.js'
import { AmendmentService, type AmendmentDeps } from './AmendmentService.js'
import { amendmentRoutes } from './amendmentRoutes.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { PeriodLookup } from '../workspace/workspaceRoutes.js'

/** Builds amendments, registers how their changes are shown on the event stream ('proposals': a document's list), and declares their routes. */
export function buildAmendments(deps: Omit<AmendmentDeps, 'storage' | 'groups'> & { storage: DocumentStore; groups: GroupStore; hub: EventHub; scopes: Scopes; periods: PeriodLookup }) {
  const amendments = new AmendmentService(deps)
  deps.hub.register('proposals', async (docId, viewer) => {
    const doc = await deps.storage.getDocument(docId)
    if (!doc || !(await documentAccess(deps.groups, viewer, doc)).canRead) return null
    return amendments.list(viewer, doc)
  })
  return { amendments, routes: amendmentRoutes({ scopes: deps.scopes, amendments, periods: deps.periods }) }
}
