import type { ZodType } from 'zod'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import type { DocumentRecord, DocumentStore } from '../documents/DocumentStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { EventHub } from '../events/EventHub.js'
import type { Action } from '../../shared/permissions.js'
import { documentAccess } from '../auth/access.js'
import { route } from '../http/route.js'
import { DocumentParams } from './documentParams.js'
import { documentSummary, type PeriodLookup } from './workspaceRoutes.js'
import { PaperFieldsSchema, SetLanguageSchema } from '../../shared/types.js'
import type { Language } from '../../shared/i18n/languages.js'
import type { PaperFields } from '../../shared/paper.js'

/** What a 'document-language' event carries: the document and its language now. */
export interface DocumentLanguageEvent {
  documentId: string
  language: Language
}

/** What a 'document-paper' event carries: the document and its header fields now. */
export interface DocumentPaperEvent {
  documentId: string
  paper: PaperFields
}

type Deps = { storage: DocumentStore; groups: GroupStore; hub: EventHub; scopes: Scopes; periods: PeriodLookup }

/**
 * The document's own properties, each set by whoever the permission table names and heard live by
 * every open page of the document on the event stream:
 * - its language ('document-language'), which the fixed words of its exports are written in (the chair);
 * - its paper's header fields ('document-paper'): symbol, distribution, date and session, which the
 *   Word and PDF exports and the print view set where the organisation's papers have them (the chair
 *   and the DG office).
 */
export function propertyRoutes(deps: Deps) {
  const { storage, hub } = deps
  /** Registers an event carrying one property to whoever may read the document. */
  const announce = <T>(event: string, view: (doc: DocumentRecord) => T) =>
    hub.register(event, async (docId, viewer): Promise<(T & { documentId: string }) | null> => {
      const doc = await storage.getDocument(docId)
      if (!doc || !(await documentAccess(deps.groups, viewer, doc)).canRead) return null
      return { documentId: doc.id, ...view(doc) }
    })
  /** A PUT of one property: stored, announced in the same change, answered with the document's summary. */
  const setter = <B>(p: { url: string; summary: string; body: ZodType<B>; action: Action; event: string; store: (id: string, body: B) => Promise<DocumentRecord | undefined> }) =>
    route({
      method: 'PUT',
      url: p.url,
      summary: p.summary,
      params: DocumentParams,
      body: p.body,
      action: p.action,
      scope: ({ user, params }: { user: User; params: { id: string } }) => deps.scopes.document(user, params.id),
      handler: async ({ scope, body }) => {
        const updated = await hub.change(storage, async (events) => {
          const changed = (await p.store(scope.doc.id, body as B))!
          events.push(await hub.record(changed.groupId, p.event, changed.id))
          return changed
        })
        return documentSummary(updated, scope.group, scope.actor, await deps.periods.current(updated.id))
      },
    })

  announce('document-language', (doc): Omit<DocumentLanguageEvent, 'documentId'> => ({ language: doc.language }))
  announce('document-paper', (doc): Omit<DocumentPaperEvent, 'documentId'> => ({ paper: doc.paper }))
  return [
    setter({
      url: '/api/documents/:id/language',
      summary: 'Sets the document’s language (en, fr, es): its exports write their fixed words (“Paragraph”, “Disposition”) in it',
      body: SetLanguageSchema,
      action: 'document.setLanguage',
      event: 'document-language',
      store: (id, body) => storage.setLanguage(id, body.language),
    }),
    setter({
      url: '/api/documents/:id/paper',
      summary: 'Sets the paper’s header fields: symbol (“C/105/CRP/x”), distribution (“English only”), date (YYYY-MM-DD) and session; each one line, "" to clear it. The Word and PDF exports and the print view use them',
      body: PaperFieldsSchema,
      action: 'document.setPaper',
      event: 'document-paper',
      store: (id, body) => storage.setPaper(id, body),
    }),
  ]
}
