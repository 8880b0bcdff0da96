import type { NotificationView } from '../../shared/comments/types.js'
import { notificationPath } from '../../shared/notifications/notificationPath.js'
import { notificationPhrase } from '../../shared/notifications/notificationPhrase.js'

/** One digest e-mail, in plain text and in simple HTML. */
export interface DigestMail {
  subject: string
  text: string
  html: string
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A moment as the digest shows it: the app's medium date and short time, in UTC (the mail has no reader's zone). */
const whenOf = (iso: string) => `${new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`

/**
 * The digest of these notifications for one person: each says who did what, when, an excerpt, and
 * links to its thread under PUBLIC_URL; the last line says how to stop it. Everything written by
 * people is escaped in the HTML part.
 */
export function digestMail(name: string, items: NotificationView[], publicUrl: string): DigestMail {
  const lines = items.map((n) => ({
    what: `${n.actor.name}${n.actor.delegation ? ` (${n.actor.delegation})` : ''} ${notificationPhrase(n.kind)}`,
    when: whenOf(n.createdAt),
    excerpt: n.excerpt,
    link: `${publicUrl}/${notificationPath(n)}`,
  }))
  const count = `${items.length} unread notification${items.length === 1 ? '' : 's'}`
  const stop = (plenary: string) => `You receive this because you turned on the daily e-mail digest. To turn it off, open ${plenary}, choose your name at the top and uncheck “Daily e-mail digest”.`
  const text = [
    `Dear ${name},`,
    '',
    `You have ${count} in Plenary:`,
    '',
    ...lines.flatMap((l) => [`- ${l.what}, ${l.when}${l.excerpt ? `: "${l.excerpt}"` : ''}`, `  ${l.link}`]),
    '',
    stop(`Plenary (${publicUrl}/)`),
  ].join('\n')
  const html = [
    `<p>Dear ${escapeHtml(name)},</p>`,
    `<p>You have ${count} in Plenary:</p>`,
    '<ul>',
    ...lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.what)}</a>, ${escapeHtml(l.when)}${l.excerpt ? `: “${escapeHtml(l.excerpt)}”` : ''}</li>`),
    '</ul>',
    `<p style="color:#555">${stop(`<a href="${escapeHtml(publicUrl)}/">Plenary</a>`)}</p>`,
  ].join('\n')
  return { subject: `Plenary: ${count}`, text, html }
}
