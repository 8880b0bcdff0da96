import type { TargetType } from './CommentStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import type { FeedbackStore } from '../feedback/FeedbackStore.js'

/** How comments find a kind of thing threads hang on. */
export interface TargetKind {
  /** The group of a live target, or undefined when it does not exist (or was deleted). */
  groupOf(targetId: string): Promise<string | undefined>
  /** Its title, for links to it ("Answered in feedback: …"). */
  titleOf(targetId: string): Promise<string | undefined>
}

/**
 * The things threads hang on, given to the comment capability when it is built: documents (the
 * document store) and feedback updates (the feedback store). Threads reach no other capability.
 */
export type CommentTargets = Record<TargetType, TargetKind>

/** Documents and feedback updates as targets, found in their stores. */
export function commentTargets(documents: Pick<DocumentStore, 'getDocument'>, updates: Pick<FeedbackStore, 'update'>): CommentTargets {
  return {
    document: { groupOf: async (id) => (await documents.getDocument(id))?.groupId, titleOf: async (id) => (await documents.getDocument(id))?.title },
    feedback: { groupOf: async (id) => (await updates.update(id))?.groupId, titleOf: async (id) => (await updates.update(id))?.title },
  }
}
