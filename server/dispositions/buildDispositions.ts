import type { DocumentStore } from '../documents/DocumentStore.js'
import type { EventHub } from '../events/EventHub.js'
import type { Scopes } from '../auth/scopes.js'
import type { NotificationService } from '../notifications/NotificationService.js'
import { DispositionService, type DispositionDeps } from './DispositionService.js'
import { dispositionRoutes } from './dispositionRoutes.js'

/**
 * Builds dispositions, registers how their changes are shown on the event stream ('dispositions': a
 * document's list) and in the bell ('disposition' notifications), and declares their routes.
 */
export function buildDispositions(deps: Omit<DispositionDeps, 'documents'> & { storage: Pick<DocumentStore, 'getDocument'>; notifications: NotificationService; hub: EventHub; scopes: Scopes }) {
  const dispositions = new DispositionService({ ...deps, documents: deps.storage })
  deps.hub.register('dispositions', (docId, viewer) => dispositions.listFor(viewer, docId))
  deps.notifications.registerKind('disposition', (n, user) => dispositions.notificationView(n, user))
  return { dispositions, routes: dispositionRoutes({ dispositions, scopes: deps.scopes }) }
}
