import type { TargetType } from './CommentStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { FeedbackStore } from '../feedback/FeedbackStore.js'

/** How comments find a kind of thing threads hang on. */
export interface TargetKind {
  /** The group of a live target, or undefined when it does not exist (or was deleted). */
  groupOf(targetId: string): string | undefined
  /** Its title, for links to it ("Answered in feedback: …"). */
  titleOf(targetId: string): string | undefined
}

/**
 * The things threads hang on, given to the comment capability when it is built: documents (the
 * document store) and feedback updates (the feedback store). Threads reach no other capability.
 */
export type CommentTargets = Record<TargetType, TargetKind>

/** Documents and feedback updates as targets, found in their stores. */
export function commentTargets(documents: Pick<DocumentStore, 'getDocument'>, updates: Pick<FeedbackStore, 'update'>): CommentTargets {
  return {
    document: { groupOf: (id) => documents.getDocument(id)?.groupId, titleOf: (id) => documents.getDocument(id)?.title },
    feedback: { groupOf: (id) => updates.update(id)?.groupId, titleOf: (id) => updates.update(id)?.title },
  }
}
