import { randomId } from '../auth/secrets.js'
import type { User } from '../auth/AccountStore.js'
import type { DocumentRecord, DocumentStore } from '../documents/DocumentStore.js'
import type { GroupRecord, GroupStore } from '../groups/GroupStore.js'
import type { EventHub } from '../events/EventHub.js'
import type { Logger } from '../logger.js'
import type { VersionService } from '../versions/VersionService.js'
import type { DocumentExports, ExportFile } from '../export/DocumentExports.js'
import { CSV_TYPE, DOCX_TYPE, documentFileName } from '../http/download.js'
import { exportWord } from '../../shared/i18n/exportWords.js'
import { conflict, invalid, notFound } from '../http/DomainError.js'
import { MAX_PERIOD_MS, type CommentPeriodView, type SetCommentPeriod } from '../../shared/periods/types.js'
import { formatInZone, zoneLabel } from '../../shared/periods/zonedTime.js'
import type { PeriodChangeRecord, PeriodRecord, PeriodStore } from './PeriodStore.js'
import type { PeriodPresenter } from './PeriodPresenter.js'

export interface PeriodDeps {
  store: PeriodStore
  presenter: PeriodPresenter
  storage: Pick<DocumentStore, 'getDocument'>
  groups: Pick<GroupStore, 'getGroup'>
  /** The named version saved at each close. */
  versions: Pick<VersionService, 'prepare' | 'keep' | 'kept'>
  /** The comments table frozen at each close, as the record shows it. */
  exports: Pick<DocumentExports, 'commentsCsv' | 'commentsWord'>
  hub: EventHub
  logger: Logger
  /** Open websockets and event streams re-decide their rights (members may no longer edit once a period closes). */
  onAccessChanged: () => void
}

/** The longest a Node timer waits; a later close is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Who the frozen compilation is read as: an admin of no group, who sees what the record shows every
 * member (commentsOfRecord leaves out what awaits approval or was rejected) and is the author of nothing.
 */
const RECORD_READER: User = { id: '', email: '', name: 'Plenary', isAdmin: true }

/**
 * Comment periods: the chair opens a round with a closing time, extends it, reopens it after the
 * close, or opens the next round; each change is logged. At the closing time the server closes it,
 * whether anyone is connected or not (a timer per open period, armed again at start from storage):
 * the draft is saved as a named version and the comments table frozen as CSV and Word. On several
 * nodes every node arms the timers; the store's conditional close lets exactly one of them act.
 */
export class PeriodService {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private sweep: NodeJS.Timeout | undefined
  private stopped = false
  /** Closes running now, awaited by stop(). */
  private readonly running = new Set<Promise<unknown>>()

  constructor(private readonly deps: PeriodDeps) {}

  // ---- reading -------------------------------------------------------------------------------

  /** The document's current round (the newest), or null when none was ever opened. */
  async current(docId: string): Promise<CommentPeriodView | null> {
    const period = await this.deps.store.latest(docId)
    return period ? this.deps.presenter.view(period) : null
  }

  /** Every round of the document, oldest first. */
  async list(docId: string): Promise<CommentPeriodView[]> {
    return Promise.all((await this.deps.store.list(docId)).map((p) => this.deps.presenter.view(p)))
  }

  /** A round's comments table as frozen at one of its closes (the last unless `n` says which). */
  async compilation(doc: DocumentRecord, periodId: string, format: 'csv' | 'docx', n?: number): Promise<ExportFile> {
    const { store } = this.deps
    const period = await store.get(periodId)
    const closes = period?.documentId === doc.id ? await store.compilations(periodId) : []
    const frozen = closes.length ? await store.compilation(periodId, n ?? closes.at(-1)!.n) : undefined
    if (!period || !frozen) throw notFound('compilation_not_found', `no frozen comments table of period "${periodId}"${n ? ` at close ${n}` : ''} on this document`)
    const word = (key: 'compilation.closed' | 'compilation.close' | 'matrix.fileName', values?: Record<string, string>) => exportWord(doc.language, key, values)
    const closed = word('compilation.closed', { date: new Date(frozen.closedAt).toISOString().slice(0, 10) })
    const parts = [period.round, closed, ...(closes.length > 1 ? [word('compilation.close', { n: String(frozen.n) })] : []), word('matrix.fileName')]
    return { name: documentFileName(doc, parts, format), type: format === 'csv' ? CSV_TYPE : DOCX_TYPE, body: format === 'csv' ? frozen.csv : Buffer.from(frozen.docx) }
  }

  // ---- the chair's changes -------------------------------------------------------------------

  /**
   * Opens, extends or reopens the document's comment period (see SetCommentPeriodSchema). A period
   * whose closing time has passed is closed first (its version and compilation kept), then reopened.
   */
  async set(user: User, doc: DocumentRecord, body: SetCommentPeriod): Promise<CommentPeriodView> {
    const { store, hub } = this.deps
    const now = Date.now()
    const closesAt = Date.parse(body.closesAt)
    if (closesAt <= now) throw invalid('closes_at_in_past', 'the closing time must be in the future')
    if (closesAt > now + MAX_PERIOD_MS) throw invalid('closes_at_too_far', 'a comment period closes within a year')
    let current = await store.latest(doc.id)
    if (current?.state === 'open' && current.closesAt <= now) {
      await this.close(current)
      current = await store.latest(doc.id)
    }
    const change = (periodId: string, kind: PeriodChangeRecord['kind'], from: number | null): PeriodChangeRecord => ({ periodId, kind, at: Date.now(), by: user.id, from, to: closesAt })
    const period = await hub.change(store, async (events) => {
      let changed: PeriodRecord
      if (!current || (current.state === 'closed' && body.round !== undefined && body.round !== current.round)) {
        const count = (await store.list(doc.id)).length
        changed = { id: randomId(), documentId: doc.id, groupId: doc.groupId, round: body.round ?? `Round ${count + 1}`, closesAt, state: 'open', openedAt: Date.now(), openedBy: user.id }
        await store.insert(changed)
        await store.addChange(change(changed.id, 'open', null))
      } else {
        if (current.state === 'open' && body.round !== undefined && body.round !== current.round) {
          throw conflict('comment_period_open', `"${current.round}" is open until ${new Date(current.closesAt).toISOString()}: a new round opens after it closes`)
        }
        if (!(await store.reschedule(current.id, current, closesAt))) throw conflict('comment_period_changed', 'the comment period changed meanwhile; reload it and try again')
        await store.addChange(change(current.id, current.state === 'open' ? 'extend' : 'reopen', current.closesAt))
        changed = { ...current, closesAt, state: 'open' }
      }
      events.push(await hub.record(doc.groupId, 'comment-period', doc.id))
      return changed
    })
    this.arm(period)
    this.deps.onAccessChanged()
    return this.deps.presenter.view(period)
  }

  // ---- closing -------------------------------------------------------------------------------

  /** Arms a timer for every open period, now and every `sweepMs` (periods opened or reopened on another node). */
  async start(sweepMs = 60_000): Promise<void> {
    await this.armAll()
    this.sweep = setInterval(() => void this.armAll().catch((error: unknown) => this.deps.logger.error('arming comment period timers failed', error)), sweepMs)
    this.sweep.unref()
  }

  /** Clears the timers and waits for closes under way. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.sweep)
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.allSettled([...this.running])
  }

  private async armAll(): Promise<void> {
    for (const period of await this.deps.store.listOpen()) if (!this.timers.has(period.id)) this.arm(period)
  }

  /** Fires at the period's closing time (or as late as a timer can wait, then again). */
  private arm(period: Pick<PeriodRecord, 'id' | 'closesAt'>): void {
    if (this.stopped) return
    clearTimeout(this.timers.get(period.id))
    const timer = setTimeout(() => {
      this.timers.delete(period.id)
      const run = this.fire(period.id).catch((error: unknown) => this.deps.logger.error(`closing comment period ${period.id} failed`, error))
      this.running.add(run)
      void run.finally(() => this.running.delete(run))
    }, Math.min(Math.max(0, period.closesAt - Date.now()), MAX_TIMER_MS))
    timer.unref()
    this.timers.set(period.id, timer)
  }

  /** The timer fired: close the period if it is due, or wait for its new closing time. */
  private async fire(periodId: string): Promise<void> {
    const period = await this.deps.store.get(periodId)
    if (!period || period.state === 'closed') return
    if (period.closesAt > Date.now()) return this.arm(period)
    if (!(await this.close(period))) {
      // Extended meanwhile, or closed by another node: the stored state says which.
      const now = await this.deps.store.get(periodId)
      if (now?.state === 'open') this.arm(now)
    }
  }

  /**
   * Closes a due period once: saves the named version "<round> — closed <time>" and freezes the
   * comments table (CSV and Word), in the transaction that claims the close. Another node, or a
   * chair's extension, that changed the period first makes the claim fail and nothing is kept.
   */
  private async close(period: PeriodRecord): Promise<boolean> {
    const { store, hub, versions, exports } = this.deps
    const doc = await this.deps.storage.getDocument(period.documentId)
    if (!doc) return store.claimClose(period.id, period.closesAt, Date.now())
    const group = (await this.deps.groups.getGroup(period.groupId)) as GroupRecord
    const name = `${period.round} — closed ${formatInZone(period.closesAt, group.timeZone)} (${zoneLabel(group.timeZone)})`
    const version = await versions.prepare(doc.id, 'named', name, null)
    const [csv, docx] = await Promise.all([exports.commentsCsv(RECORD_READER, doc, false, period.round), exports.commentsWord(RECORD_READER, doc, false, period.round)])
    const closed = await hub.change(store, async (events) => {
      if (!(await store.claimClose(period.id, period.closesAt, Date.now()))) return false
      const n = (await store.compilations(period.id)).length + 1
      const versionEvent = await versions.keep(version)
      if (versionEvent) events.push(versionEvent)
      await store.saveCompilation({ periodId: period.id, n, closedAt: period.closesAt, versionId: version.record.id, csv: String(csv.body), docx: new Uint8Array(docx.body as Buffer) })
      await store.addChange({ periodId: period.id, kind: 'close', at: Date.now(), by: null, from: period.closesAt, to: period.closesAt })
      events.push(await hub.record(period.groupId, 'comment-period', period.documentId))
      return true
    })
    if (!closed) return false
    versions.kept(version)
    this.deps.logger.info(`comment period "${period.round}" of ${doc.id} closed`)
    this.deps.onAccessChanged()
    return true
  }
}
