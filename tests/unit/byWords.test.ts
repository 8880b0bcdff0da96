import { describe, expect, it } from 'vitest'
import { byWords } from '../../server/versions/byWords.js'
import type { ChangeSegment } from '../../shared/versions/types.js'

const show = (segments: ChangeSegment[]) => segments.map((s) => (s.change === 'same' ? s.text : s.change === 'inserted' ? `[+${s.text}+]` : `[-${s.text}-]`)).join('')

describe('a comparison by whole words', () => {
  it('shows a word typed before another as an inserted word, not as characters inside it', () => {
    const chars: ChangeSegment[] = [
      { text: 'A', change: 'same', by: null },
      { text: 'AAA A', change: 'inserted', by: 'u1' },
      { text: 'lthough IOM', change: 'same', by: null },
    ]
    expect(show(byWords(chars))).toBe('[+AAAA +]Although IOM')
    expect(byWords(chars).find((s) => s.change === 'inserted')!.by).toBe('u1')
  })

  it('shows a changed word as the old word deleted and the new one inserted, each by its author', () => {
    const chars: ChangeSegment[] = [
      { text: 'The Council ', change: 'same', by: null },
      { text: 'welc', change: 'same', by: null },
      { text: 'omed', change: 'deleted', by: 'u2' },
      { text: 'ame', change: 'inserted', by: 'u3' },
      { text: ' the report.', change: 'same', by: null },
    ]
    const words = byWords(chars)
    expect(show(words)).toBe('The Council [-welcomed-][+welcame+] the report.')
    expect(words.filter((s) => s.change !== 'same').map((s) => s.by)).toEqual(['u2', 'u3'])
  })

  it('leaves a paragraph without changes as it is', () => {
    const same: ChangeSegment[] = [{ text: 'Unchanged.', change: 'same', by: null }]
    expect(byWords(same)).toBe(same)
  })
})
