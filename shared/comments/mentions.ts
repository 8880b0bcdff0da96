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
