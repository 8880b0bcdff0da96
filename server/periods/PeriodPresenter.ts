import type { GroupStore } from '../groups/GroupStore.js'
import type { CommentPeriodView } from '../../shared/periods/types.js'
import type { PeriodRecord, PeriodStore } from './PeriodStore.js'

const iso = (at: number) => new Date(at).toISOString()

/** A comment period as everyone who may read its document sees it: round, closing time, state, history, frozen compilations. */
export class PeriodPresenter {
  constructor(
    private readonly store: Pick<PeriodStore, 'changes' | 'compilations'>,
    private readonly groups: Pick<GroupStore, 'personIn'>,
  ) {}

  async view(p: PeriodRecord, now = Date.now()): Promise<CommentPeriodView> {
    const person = (userId: string | null) => (userId ? this.groups.personIn(p.groupId, userId) : Promise.resolve(null))
    const history = await Promise.all(
      (await this.store.changes(p.id)).map(async (c) => ({ kind: c.kind, at: iso(c.at), by: await person(c.by), from: c.from === null ? null : iso(c.from), to: iso(c.to) })),
    )
    return {
      id: p.id,
      documentId: p.documentId,
      round: p.round,
      closesAt: iso(p.closesAt),
      // Closed from the closing time on, as the server refuses comments from then (its close may run a moment later).
      state: p.state === 'closed' || p.closesAt <= now ? 'closed' : 'open',
      openedAt: iso(p.openedAt),
      history,
      compilations: (await this.store.compilations(p.id)).map((c) => ({ n: c.n, closedAt: iso(c.closedAt), versionId: c.versionId })),
    }
  }
}
