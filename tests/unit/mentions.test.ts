import { describe, expect, it } from 'vitest'
import { findMentions, mentionAt, membersMatching } from '../../shared/comments/mentions.js'

const MEMBERS = [
  { userId: 'a', name: 'Ana Brazil', delegation: 'Brazil' },
  { userId: 's', name: 'Lukas Swiss', delegation: 'Switzerland' },
  { userId: 'b', name: 'Bram Stoker', delegation: 'Ireland' },
  { userId: 'k', name: 'Karim DG', delegation: 'IOM Secretariat' },
]

describe('the mention being typed', () => {
  it('is the text after an "@" that starts the text or follows a space, up to the caret', () => {
    expect(mentionAt('Could @Bra', 10)).toEqual({ at: 6, query: 'Bra' })
    expect(mentionAt('@', 1)).toEqual({ at: 0, query: '' })
    expect(mentionAt('(@Ana Br', 8)).toEqual({ at: 1, query: 'Ana Br' })
    expect(mentionAt('Could @Bra and more', 10)).toEqual({ at: 6, query: 'Bra' })
  })

  it('is nothing in an e-mail address, after four words, or once the caret has left it', () => {
    expect(mentionAt('write to ana@brazil.example', 27)).toBeNull()
    expect(mentionAt('@one two three four', 19)).toBeNull()
    expect(mentionAt('Could @Bra', 5)).toBeNull()
  })

  it('offers the members whose name or delegation has a word starting with it, names first', () => {
    expect(membersMatching('bra', MEMBERS).map((m) => m.name)).toEqual(['Bram Stoker', 'Ana Brazil'])
    expect(membersMatching('switz', MEMBERS).map((m) => m.name)).toEqual(['Lukas Swiss'])
    expect(membersMatching('ana bra', MEMBERS).map((m) => m.name)).toEqual(['Ana Brazil'])
    expect(membersMatching('', MEMBERS)).toHaveLength(4)
    expect(membersMatching('zz', MEMBERS)).toEqual([])
  })

  it('completes to text the server recognises as a mention', () => {
    const body = `Could @${membersMatching('bra', MEMBERS)[1].name} comment?`
    expect(findMentions(body, MEMBERS).map((m) => m.userId)).toEqual(['a'])
  })
})
