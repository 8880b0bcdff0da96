import type { GroupStore } from '../groups/GroupStore.js'
import type { ModerationLogEntry } from '../../shared/comments/types.js'
import type { ModerationLogRecord, ModerationLogStore } from './ModerationLogStore.js'

/** What a moderation entry records besides who did what to what: the state before and after, the reason. */
export interface LoggedChange {
  before?: string | null
  after?: string | null
  reason?: string | null
}

/**
 * The chair's moderation log: what the chair did (approve, reject, hide, restore, delete, lock,
 * resolve, pre-moderation, decisions on proposals), what members flagged, and the dispositions the
 * DG office or the chair recorded, append-only. Written in the transaction of the
 * change it records.
 */
/** Where a logged action's target is and what it says (the message's document, paragraph and text); null when gone. */
export type LogContext = (targetType: ModerationLogRecord['targetType'], targetId: string) => Promise<ModerationLogEntry['context']>

export class ModerationLog {
  constructor(
    private readonly store: ModerationLogStore,
    private readonly groups: Pick<GroupStore, 'personIn'>,
    private readonly contextOf: LogContext = async () => null,
  ) {}

  record(actorId: string, groupId: string, action: string, target: { type: ModerationLogRecord['targetType']; id: string }, change: LoggedChange = {}): Promise<void> {
    return this.store.append({ groupId, actorId, action, targetType: target.type, targetId: target.id, reason: change.reason ?? null, before: change.before ?? null, after: change.after ?? null })
  }

  /** The group's entries, oldest first, with who acted as the group knows them. */
  async entries(groupId: string): Promise<ModerationLogEntry[]> {
    const records = await this.store.entriesOf(groupId)
    return Promise.all(
      records.map(async ({ groupId: _, actorId, at, ...entry }) => ({
        ...entry,
        at: new Date(at).toISOString(),
        actor: await this.groups.personIn(groupId, actorId),
        context: await this.contextOf(entry.targetType, entry.targetId),
      })),
    )
  }
}
