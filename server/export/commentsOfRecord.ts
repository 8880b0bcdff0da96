import type { MessageView, ThreadView } from '../../shared/comments/types.js'
import type { Language } from '../../shared/i18n/languages.js'
import { exportWord, labelled, type ExportWordKey } from '../../shared/i18n/exportWords.js'

/**
 * The comment threads as a circulated record shows them, whoever exports it (the chair included):
 * what every member of the group may read. A message awaiting approval or rejected is left out (a
 * thread that begins with one, too); a hidden one reads "[hidden by the chair]", without its text.
 * The chair's moderation copy (moderationCopy) keeps every message and marks each withheld one with
 * its state and the chair's reason.
 */
export function commentsOfRecord(threads: ThreadView[], moderationCopy: boolean, language: Language = 'en'): ThreadView[] {
  if (moderationCopy) return threads.map((t) => ({ ...t, messages: t.messages.map((m) => marked(m, language)) }))
  return threads
    .filter((t) => t.messages.length > 0 && !withheld(t.messages[0]))
    .map((t) => ({ ...t, messages: t.messages.filter((m) => !withheld(m)).map((m) => (m.state === 'hidden' ? { ...m, body: null, hiddenReason: null } : m)) }))
}

/** Pending and rejected messages exist only for their author and the chair. */
const withheld = (m: MessageView) => m.state === 'pending' || m.state === 'rejected'

const MARK: Partial<Record<MessageView['state'], ExportWordKey>> = { pending: 'mark.pending', rejected: 'mark.rejected', hidden: 'mark.hidden' }

/** A withheld or hidden message with its state and reason in front of its text, in the document's language: "[rejected by the chair: off topic] …". */
function marked(m: MessageView, language: Language): MessageView {
  const mark = MARK[m.state]
  if (!mark || m.body === null) return m
  const state = exportWord(language, mark)
  return { ...m, body: `[${m.hiddenReason ? labelled(language, state, m.hiddenReason) : state}] ${m.body}` }
}
