import { describe, expect, it } from 'vitest'
import { SeqTracker } from '../../server/documents/SeqTracker.js'

describe('SeqTracker', () => {
  it('advances through updates that arrive in order', () => {
    const t = new SeqTracker(3)
    t.add(4, 4)
    t.add(5, 7)
    expect(t.through).toBe(7)
    expect(t.hasGap).toBe(false)
  })

  it('holds updates beyond a gap until the gap is filled, then folds them in', () => {
    const t = new SeqTracker(0)
    t.add(1, 2)
    t.add(5, 6)
    t.add(9, 9)
    expect(t.through).toBe(2)
    expect(t.newest).toBe(9)
    expect(t.hasGap).toBe(true)
    expect(t.holds(5, 6)).toBe(true)
    expect(t.holds(3, 3)).toBe(false)
    t.add(3, 4)
    expect(t.through).toBe(6)
    expect(t.hasGap).toBe(true)
    t.add(7, 8)
    expect(t.through).toBe(9)
    expect(t.hasGap).toBe(false)
  })

  it('ignores what it already holds and accepts overlapping ranges', () => {
    const t = new SeqTracker(10)
    t.add(4, 8)
    expect(t.through).toBe(10)
    t.add(9, 12)
    expect(t.through).toBe(12)
    t.add(14, 15)
    t.add(13, 14)
    expect(t.through).toBe(15)
  })

  it('jumps to what storage returned, folding the ranges it covers', () => {
    const t = new SeqTracker(1)
    t.add(4, 4)
    t.add(20, 21)
    t.addThrough(19)
    expect(t.through).toBe(21)
    expect(t.hasGap).toBe(false)
  })
})
