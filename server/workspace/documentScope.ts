import { z } from 'zod'
import type { Storage } from '../persistence/Storage.js'
import type { AccountStore, User } from '../auth/AccountStore.js'
import { scopes, type DocumentScope } from '../auth/scopes.js'

/** The params of a route on one document: `:id` in the path. */
export const DocumentParams = z.object({ id: z.string().min(1) })

/** The params of a route on one version of a document. */
export const VersionParams = DocumentParams.extend({ versionId: z.string().min(1) })

/** The scope resolver of a route on one document (`:id`): the document, its group and the caller's role there. */
export function documentScope(storage: Storage, accounts: AccountStore): (input: { user: User; params: { id: string } }) => DocumentScope {
  const { document } = scopes(storage, accounts)
  return ({ user, params }) => document(user, params.id)
}
