import type { MessageView } from './types.js'

/** "Lukas Swiss (Switzerland)", or the name alone when there is no delegation. */
export function nameWithDelegation(person: { name: string; delegation: string }): string {
  return person.delegation ? `${person.name} (${person.delegation})` : person.name
}

/** A message's text as exports show it: the body, or what stands in for one the reader may not see. */
export function messageText(m: Pick<MessageView, 'body' | 'state'>): string {
  return m.body ?? (m.state === 'deleted' ? '[deleted]' : '[hidden by the chair]')
}

/** "Name (Delegation): text", one line of a thread in exports. */
export function messageLine(m: Pick<MessageView, 'body' | 'state' | 'author'>): string {
  return `${nameWithDelegation(m.author)}: ${messageText(m)}`
}
