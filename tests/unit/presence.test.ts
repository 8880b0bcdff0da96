import { describe, expect, it } from 'vitest'
import { CARET_COLORS, colorAmong, colorForUser } from '../../shared/presence.js'

describe('caret colours in a document', () => {
  // Two user ids whose own colours are the same.
  const first = 'user-0'
  let second = 'user-1'
  for (let i = 1; colorForUser(second) !== colorForUser(first); i++) second = `user-${i}`

  it('gives a second person whose colour is taken the next free one, and keeps one person’s colour across tabs', () => {
    const inRoom = new Map([[first, colorForUser(first)]])
    const given = colorAmong(second, inRoom)
    expect(given).not.toBe(colorForUser(first))
    expect(colorAmong(first, inRoom)).toBe(colorForUser(first))
    expect(colorAmong(second, new Map())).toBe(colorForUser(second))
  })

  it('shares a colour only when every one is taken', () => {
    const full = new Map(CARET_COLORS.map((color, i) => [`other-${i}`, color]))
    expect(CARET_COLORS).toContain(colorAmong('late', full))
    const allButOne = new Map(CARET_COLORS.slice(1).map((color, i) => [`other-${i}`, color]))
    expect(colorAmong('late', allButOne)).toBe(CARET_COLORS[0])
  })
})
