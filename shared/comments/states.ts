import type { MessageState } from './types.js'

/** What the chair does to a message: approve or reject one awaiting approval, hide a published one, restore. */
export type ModerationAction = 'approve' | 'reject' | 'hide' | 'restore'

/**
 * The moderation state machine: the states each action applies to, and the state it leads to. The
 * server refuses any other transition (409 invalid_transition); the client offers only these.
 */
export const MODERATION_TRANSITIONS: Record<ModerationAction, { from: readonly MessageState[]; to: MessageState }> = {
  approve: { from: ['pending'], to: 'published' },
  reject: { from: ['pending'], to: 'rejected' },
  hide: { from: ['published'], to: 'hidden' },
  restore: { from: ['hidden', 'rejected'], to: 'published' },
}

/** Whether a moderation action applies to a message in this state. */
export function canApply(action: ModerationAction, state: MessageState): boolean {
  return MODERATION_TRANSITIONS[action].from.includes(state)
}

/** Whether its author can still edit a message in this state (not once deleted, hidden or rejected). */
export function isEditable(state: MessageState): boolean {
  return state === 'published' || state === 'pending'
}

/** Only published messages can be flagged for the chair. */
export function isFlaggable(state: MessageState): boolean {
  return state === 'published'
}
