import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Transporter } from 'nodemailer'
import type { AccountStore } from '../auth/AccountStore.js'
import type { Logger } from '../logger.js'
import type { NotificationService } from './NotificationService.js'
import { digestMail } from './digestMail.js'

const DAY = 24 * 3_600_000

/** The latest moment at or before `now` when the day's digest became due: hour:00 UTC today, or yesterday before that hour. */
export function dueSince(now: number, hourUtc: number): number {
  const today = new Date(now)
  today.setUTCHours(hourUtc, 0, 0, 0)
  return today.getTime() <= now ? today.getTime() : today.getTime() - DAY
}

export interface DailyDigestDeps {
  accounts: Pick<AccountStore, 'digestRecipients' | 'setLastDigestAt'>
  notifications: Pick<NotificationService, 'unreadSince'>
  /** The SMTP client (nodemailer); null when SMTP_URL is not set: nothing is ever sent. */
  mailer: Transporter | null
  from: string
  digestHour: number
  checkEveryMs: number
  /** PUBLIC_URL (or the server's address), the base of the links. */
  linkBase: () => string
  logger: Logger
}

/**
 * The daily e-mail digest: once a day from DIGEST_HOUR (UTC), each person who asked for it gets one
 * e-mail listing the notifications they have not read, made since their last digest, and may still
 * see (NotificationService decides, as for the bell). When their digest was made is stored, so a
 * restart never sends a second one the same day and a day missed while the server was down is sent
 * at the next check. A failed send is logged and tried again at the next check; it never stops the
 * server. One person at a time, yielding in between, so a long run does not hold the event loop.
 */
export class DailyDigest {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<number> | undefined
  private stopped = false

  constructor(private readonly deps: DailyDigestDeps) {}

  /** Whether e-mail can be sent at all (SMTP_URL is set). */
  get available(): boolean {
    return this.deps.mailer !== null
  }

  /** Checks now, then every checkEveryMs, until stop(). */
  start(): void {
    if (!this.available || this.timer) return
    const check = () => void this.runNow().catch((error: unknown) => this.deps.logger.error('the daily digest failed', error))
    this.timer = setInterval(check, this.deps.checkEveryMs)
    this.timer.unref()
    check()
  }

  /**
   * Sends the digests due now (a run already going is joined, not doubled); answers how many e-mails
   * were sent. Tests call it to run the daily job at once.
   */
  runNow(now = Date.now()): Promise<number> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined
    })
    return this.running
  }

  private async run(now: number): Promise<number> {
    const { accounts, notifications, mailer, logger } = this.deps
    if (!mailer) return 0
    const due = dueSince(now, this.deps.digestHour)
    let sent = 0
    for (const { user, lastDigestAt } of await accounts.digestRecipients()) {
      if (this.stopped) break
      if (lastDigestAt !== null && lastDigestAt >= due) continue
      // Up to the moment recorded below, so one made during the run waits for the next digest instead of coming twice.
      // A notification whose message was since hidden or deleted shows no text: nothing to tell by e-mail.
      const items = (await notifications.unreadSince(user, lastDigestAt)).filter((n) => Date.parse(n.createdAt) <= now && n.excerpt !== '')
      try {
        if (items.length > 0) {
          const mail = digestMail(user.name, items, this.deps.linkBase())
          await mailer.sendMail({ from: this.deps.from, to: { name: user.name, address: user.email }, ...mail })
          sent++
        }
        // Recorded only once sent: a failure is tried again at the next check.
        await accounts.setLastDigestAt(user.id, now)
      } catch (error) {
        logger.error(`the daily digest to user ${user.id} could not be sent; trying again at the next check`, error)
      }
      await nextTurn()
    }
    return sent
  }

  /** Stops checking, lets a run in progress finish its current e-mail, and closes the SMTP client. */
  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await this.running?.catch(() => undefined)
    this.deps.mailer?.close()
  }
}
