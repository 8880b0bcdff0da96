/**
 * The members an @mention names in a comment body: "@" followed by a member's full name
 * (case-insensitive, longest name first, so "@Ana Souza" beats "@Ana").
 */
export function findMentions<M extends { userId: string; name: string }>(body: string, members: M[]): M[] {
  const found = new Map<string, M>()
  const lower = body.toLowerCase()
  const byLength = [...members].sort((a, b) => b.name.length - a.name.length)
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    const rest = lower.slice(at + 1)
    const member = byLength.find((m) => {
      const name = m.name.toLowerCase()
      return rest.startsWith(name) && !/[\p{L}\p{N}]/u.test(rest.charAt(name.length))
    })
    if (member) found.set(member.userId, member)
  }
  return [...found.values()]
}

/**
 * The mention being typed just before the caret, if any: where its "@" is and the text after it (at
 * most three words, so a finished sentence is not taken for a name). The "@" must start the text or
 * follow a space or an opening bracket, so e-mail addresses are left alone.
 */
export function mentionAt(text: string, caret: number): { at: number; query: string } | null {
  const match = /(?:^|[\s([{"'“])@((?:[\p{L}\p{N}.'-]+ ?){0,3})$/u.exec(text.slice(0, caret))
  if (!match) return null
  return { at: caret - match[1].length - 1, query: match[1] }
}

/**
 * The members whose name or delegation has a word starting with the query (case-insensitive), names
 * that start with it first. What an autocomplete offers after "@".
 */
export function membersMatching<M extends { name: string; delegation: string }>(query: string, members: M[], limit = 8): M[] {
  const q = query.trim().toLowerCase()
  const starts = (text: string) => text.toLowerCase().startsWith(q) || text.toLowerCase().split(/\s+/).some((w) => w.startsWith(q))
  const found = members.filter((m) => starts(m.name) || (m.delegation !== '' && starts(m.delegation)))
  return found.sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q))).slice(0, limit)
}
