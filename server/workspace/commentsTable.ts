import type { ThreadView } from '../../shared/comments/types.js'
import { messageLine, messageText } from '../../shared/comments/format.js'

/** One CSV field, quoted when needed; formulas are neutralised so a spreadsheet never runs them. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Sort key of a paragraph reference: "6(b)(ii)" after "6(b)", before "7"; unnumbered last. */
function refKey(ref: string | null): string {
  if (!ref) return '~'
  return ref.replace(/\d+/g, (n) => n.padStart(4, '0'))
}

export const COMMENTS_TABLE_HEADER = ['paragraph', 'quoted passage', 'delegation', 'author', 'comment', 'replies', 'status', 'disposition']

/**
 * The compiled comments table of a document, one row per thread, sorted by paragraph: paragraph
 * reference, quoted passage, delegation, author, comment, replies (one per line), status, disposition.
 * Only what the viewer may see is included (threads come from the viewer's view).
 */
export function commentsTableRows(threads: ThreadView[]): string[][] {
  return [...threads]
    .sort((a, b) => refKey(a.paraRef ?? a.paraRefAtCreation).localeCompare(refKey(b.paraRef ?? b.paraRefAtCreation)) || a.createdAt.localeCompare(b.createdAt))
    .map((t) => {
      const [first, ...replies] = t.messages
      const disposition = t.answeredBy ? `Answered in feedback: ${t.answeredBy.title}` : t.anchorState === 'orphaned' ? 'Original text deleted' : ''
      return [
        t.paraRef ?? t.paraRefAtCreation ?? '',
        t.quote?.exact ?? '',
        t.author.delegation,
        t.author.name,
        first ? messageText(first) : '',
        replies.map(messageLine).join('\n'),
        t.status,
        disposition,
      ]
    })
}

/** The comments table as CSV (RFC 4180, CRLF). */
export function commentsTableCsv(threads: ThreadView[]): string {
  return [COMMENTS_TABLE_HEADER, ...commentsTableRows(threads)].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}
