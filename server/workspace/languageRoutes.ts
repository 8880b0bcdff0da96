import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { EventHub } from '../events/EventHub.js'
import { documentAccess } from '../auth/access.js'
import { route } from '../http/route.js'
import { DocumentParams } from './documentParams.js'
import { documentSummary, type PeriodLookup } from './workspaceRoutes.js'
import { SetLanguageSchema } from '../../shared/types.js'
import type { Language } from '../../shared/i18n/languages.js'

/** What a 'document-language' event carries: the document and its language now. */
export interface DocumentLanguageEvent {
  documentId: string
  language: Language
}

/**
 * The document's language, which the fixed words of its exports are written in: the chair sets it,
 * and every open page of the document hears it on the event stream ('document-language').
 */
export function languageRoutes(deps: { storage: DocumentStore; groups: GroupStore; hub: EventHub; scopes: Scopes; periods: PeriodLookup }) {
  const { storage, hub } = deps
  hub.register('document-language', async (docId, viewer): Promise<DocumentLanguageEvent | null> => {
    const doc = await storage.getDocument(docId)
    if (!doc || !(await documentAccess(deps.groups, viewer, doc)).canRead) return null
    return { documentId: doc.id, language: doc.language }
  })
  return [
    route({
      method: 'PUT',
      url: '/api/documents/:id/language',
      summary: 'Sets the document’s language (en, fr, es): its exports write their fixed words (“Paragraph”, “Disposition”) in it',
      params: DocumentParams,
      body: SetLanguageSchema,
      action: 'document.setLanguage',
      scope: ({ user, params }: { user: User; params: { id: string } }) => deps.scopes.document(user, params.id),
      handler: async ({ scope, body }) => {
        const updated = await hub.change(storage, async (events) => {
          const changed = (await storage.setLanguage(scope.doc.id, body.language))!
          events.push(await hub.record(changed.groupId, 'document-language', changed.id))
          return changed
        })
        return documentSummary(updated, scope.group, scope.actor, await deps.periods.current(updated.id))
      },
    }),
  ]
}
