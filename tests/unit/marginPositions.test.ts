import { describe, expect, it } from 'vitest'
import { marginPositions } from '../../client/comments/marginPositions.js'

const item = (id: string, want: number, height = 100) => ({ id, want, height })

describe('marginPositions', () => {
  it('puts each card level with its passage when there is room', () => {
    expect([...marginPositions([item('a', 10), item('b', 300)], null)]).toEqual([['a', 10], ['b', 300]])
  })

  it('pushes a card down below the one above it, with a gap', () => {
    expect(marginPositions([item('a', 10), item('b', 50), item('c', 60)], null, 8)).toEqual(new Map([['a', 10], ['b', 118], ['c', 226]]))
  })

  it('keeps the active card level and pushes the cards before it up, above the top if need be', () => {
    expect(marginPositions([item('a', 10), item('b', 50), item('c', 60)], 'c', 8)).toEqual(new Map([['a', -156], ['b', -48], ['c', 60]]))
  })

  it('starts at the top of the margin when nothing is active', () => {
    expect(marginPositions([item('a', -40), item('b', 0)], null, 8)).toEqual(new Map([['a', 0], ['b', 108]]))
  })
})
