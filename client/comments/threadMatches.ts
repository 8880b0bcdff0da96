import type { ThreadView } from '../../shared/comments/types'

/**
 * Whether a thread matches a search: any word of the query (case and accents ignored) found in
 * the quoted passage, in a message this person can read, or in a message author's name or
 * delegation. Every word must match somewhere, as in a search box. Hidden and deleted messages
 * come from the server without their text for those who may not read them, so they never match.
 */
export function threadMatches(thread: ThreadView, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const haystack = fold(
    [thread.quote?.exact ?? '', ...thread.messages.flatMap((m) => [m.state === 'deleted' ? '' : (m.body ?? ''), m.author.name, m.author.delegation ?? ''])].join('\n'),
  )
  return words.every((w) => haystack.includes(w))
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}
