import { z } from 'zod'
import type { User } from '../auth/AccountStore.js'
import type { DocumentScope, Scopes } from '../auth/scopes.js'

/** The params of a route on one document: `:id` in the path. */
export const DocumentParams = z.object({ id: z.string().min(1) })

/** The params of a route on one version of a document. */
export const VersionParams = DocumentParams.extend({ versionId: z.string().min(1) })

/** The scope resolver of a route on one document (`:id`): the document, its group and the caller's role there. */
export function documentScope(scopes: Scopes): (input: { user: User; params: { id: string } }) => DocumentScope {
  return ({ user, params }) => scopes.document(user, params.id)
}
