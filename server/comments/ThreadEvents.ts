import type { ChangeEvent, EventHub } from '../events/EventHub.js'
import type { CommentStore, ThreadRecord } from './CommentStore.js'

/**
 * How a change to a thread is made: written in one transaction with the change events it records,
 * then published, so every open stream receives the thread's new state rendered for its viewer.
 */
export class ThreadEvents {
  constructor(
    private readonly store: Pick<CommentStore, 'transaction' | 'updateThread'>,
    private readonly hub: EventHub,
  ) {}

  /** Runs a change in one transaction with the events it records, then publishes them. */
  change<T>(fn: (events: ChangeEvent[]) => T): T {
    const events: ChangeEvent[] = []
    const result = this.store.transaction(() => fn(events))
    this.hub.publish(...events)
    return result
  }

  /** Changes an existing thread: it is touched, fn writes the rest, in one transaction; then published. */
  changeThread(thread: Pick<ThreadRecord, 'id' | 'groupId'>, fn: (events: ChangeEvent[]) => void): void {
    this.change((events) => {
      this.touch(events, thread)
      fn(events)
    })
  }

  /** Records that the thread changed (its seq follows the event, so clients keep the newest state). */
  touch(events: ChangeEvent[], thread: Pick<ThreadRecord, 'id' | 'groupId'>): void {
    const event = this.hub.record(thread.groupId, 'thread', thread.id)
    this.store.updateThread(thread.id, { seq: event.seq })
    events.push(event)
  }
}
