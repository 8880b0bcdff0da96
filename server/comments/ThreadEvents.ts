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
  change<T>(fn: (events: ChangeEvent[]) => Promise<T>): Promise<T> {
    return this.hub.change(this.store, fn)
  }

  /** Changes an existing thread: it is touched, fn writes the rest, in one transaction; then published. */
  changeThread(thread: Pick<ThreadRecord, 'id' | 'groupId'>, fn: (events: ChangeEvent[]) => Promise<void>): Promise<void> {
    return this.change(async (events) => {
      await this.touch(events, thread)
      await fn(events)
    })
  }

  /**
   * Records that the thread changed (its seq follows the event, so clients keep the newest state).
   * A feedback update's reply thread changes the update too (its thread and how many replies each
   * reader sees): it is sent again, so no card keeps a stale count, even while a reply awaits approval.
   */
  async touch(events: ChangeEvent[], thread: Pick<ThreadRecord, 'id' | 'groupId'> & Partial<Pick<ThreadRecord, 'targetType' | 'targetId'>>): Promise<void> {
    const event = await this.hub.record(thread.groupId, 'thread', thread.id)
    await this.store.updateThread(thread.id, { seq: event.seq })
    events.push(event)
    if (thread.targetType === 'feedback' && thread.targetId) events.push(await this.hub.record(thread.groupId, 'feedback', thread.targetId))
  }
}
