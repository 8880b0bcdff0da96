import type { AccountStore } from '../auth/AccountStore.js'
import type { GroupStore } from '../groups/GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { EventHub } from '../events/EventHub.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { ThreadService } from '../comments/ThreadService.js'
import type { FeedbackStore } from './FeedbackStore.js'
import { FeedbackLinks } from './FeedbackLinks.js'
import { FeedbackPresenter } from './FeedbackPresenter.js'
import { FeedbackService } from './FeedbackService.js'
import { feedbackRoutes } from './feedbackRoutes.js'

export interface FeedbackDeps {
  store: FeedbackStore
  /** Reply threads are comment threads. */
  threads: ThreadService
  accounts: AccountStore
  groups: GroupStore
  documents: Pick<DocumentStore, 'getDocument'>
  reader: DocumentReader
  hub: EventHub
  scopes: Scopes
}

/** Builds the DG office's feedback, registers how its changes are shown on the event stream, and declares its routes. */
export function buildFeedback(deps: FeedbackDeps) {
  const { store, threads, groups, hub } = deps
  const links = new FeedbackLinks({ store, documents: deps.documents, reader: deps.reader, threads })
  const presenter = new FeedbackPresenter({ store, links, threads, groups, accounts: deps.accounts })
  const feedback = new FeedbackService({ store, presenter, links, threads, groups, hub })

  hub.register('feedback', { presenter: (id, viewers) => presenter.presentation(id, viewers) })
  hub.register('feedback-unread', (groupId, viewer) => feedback.unreadEvent(viewer, groupId))

  return { feedback, links, routes: feedbackRoutes({ feedback, scopes: deps.scopes }) }
}
