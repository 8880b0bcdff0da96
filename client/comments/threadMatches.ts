import type { ThreadView } from '../../shared/comments/types'

/**
 * Whether a thread matches a search: the query (case, accents and runs of spaces ignored) found
 * in the quoted passage, in a message this person can read, in a message author's name or
 * delegation, or in the name of a delegation (or group) that co-signs it, as the browser's find does. Messages the server sent without their text (hidden
 * from this person, deleted) never match.
 */
export function threadMatches(thread: ThreadView, query: string): boolean {
  const wanted = fold(query)
  if (!wanted) return true
  const fields = [thread.quote?.exact ?? '', ...thread.messages.flatMap((m) => [m.state === 'deleted' ? '' : (m.body ?? ''), m.author.name, m.author.delegation]), ...(thread.signers ?? []).filter((s) => s.state === 'confirmed').map((s) => s.name)]
  return fields.some((f) => fold(f).includes(wanted))
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase()
}
