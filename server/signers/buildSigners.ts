import type { EventHub } from '../events/EventHub.js'
import type { Scopes } from '../auth/scopes.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { CommentStore } from '../comments/CommentStore.js'
import type { ThreadService } from '../comments/ThreadService.js'
import type { AmendmentService } from '../amendments/AmendmentService.js'
import type { NotificationStore } from '../notifications/NotificationStore.js'
import { ThreadEvents } from '../comments/ThreadEvents.js'
import type { SignerStore } from './SignerStore.js'
import { SignerService } from './SignerService.js'
import { DelegationGroups } from './DelegationGroups.js'
import { signerRoutes } from './signerRoutes.js'

/** Builds joint positions (co-signers of threads and proposals) and the chair's delegation groups, and declares their routes. */
export function buildSigners(deps: {
  store: SignerStore
  groups: GroupStore
  comments: CommentStore
  threads: ThreadService
  amendments: AmendmentService
  notifications: NotificationStore
  hub: EventHub
  scopes: Scopes
}) {
  const signers = new SignerService({ ...deps, threadEvents: new ThreadEvents(deps.comments, deps.hub) })
  const delegationGroups = new DelegationGroups(deps.store, (groupId) => signers.delegationsOf(groupId))
  return { signers, routes: signerRoutes({ scopes: deps.scopes, signers, delegationGroups }) }
}
