import type { MessageView } from './types.js'
import type { Language } from '../i18n/languages.js'
import { exportWord, labelled } from '../i18n/exportWords.js'

/** "Lukas Swiss (Switzerland)", or the name alone when there is no delegation. */
export function nameWithDelegation(person: { name: string; delegation: string }): string {
  return person.delegation ? `${person.name} (${person.delegation})` : person.name
}

/** A message's text as exports show it, in the document's language: the body, or what stands in for one the reader may not see. */
export function messageText(m: Pick<MessageView, 'body' | 'state'>, language: Language = 'en'): string {
  return m.body ?? exportWord(language, m.state === 'deleted' ? 'message.deleted' : 'message.hidden')
}

/** "Name (Delegation): text", one line of a thread in exports. */
export function messageLine(m: Pick<MessageView, 'body' | 'state' | 'author'>, language: Language = 'en'): string {
  return labelled(language, nameWithDelegation(m.author), messageText(m, language))
}
