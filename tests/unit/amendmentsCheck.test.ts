import { describe, expect, it } from 'vitest'
import { checkAmendmentChange } from '../../shared/amendments/checkAmendmentChange.js'
import { BRAZIL, CHILE, bold, del, docOf, fmt, h, ins, li, ol, p, proposal, t } from '../helpers/amendmentDocs.js'

const A = proposal('a', BRAZIL)
const B = proposal('b', CHILE)
const me = BRAZIL.authorId

const agreed = () => docOf(h(2, 'Title'), ol(li(p('States shall act now.')), li(p('Second point.'))))
const withChile = () => docOf(h(2, 'Title'), ol(li(p('States shall act ', t('urgently', ins(B)), ' now.')), li(p('Second ', t('point', del(B)), '.'))))

const allowed = (before = agreed(), after = agreed()) => expect(checkAmendmentChange(before, after, me)).toEqual({ ok: true })
const refused = (before: ReturnType<typeof agreed>, after: ReturnType<typeof agreed>, reason: RegExp) => {
  const result = checkAmendmentChange(before, after, me)
  expect(result.ok).toBe(false)
  expect(!result.ok && result.reason).toMatch(reason)
}

describe('the amendments-mode rule on a change', () => {
  describe('allows', () => {
    it('adding one’s own inserted text, inside a sentence', () => {
      allowed(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall ', t('jointly ', ins(A)), 'act now.')), li(p('Second point.')))))
    })

    it('proposing to delete agreed text, also over another delegation’s deletion', () => {
      allowed(withChile(), docOf(h(2, 'Title'), ol(li(p(t('States', del(A)), ' shall act ', t('urgently', ins(B)), ' now.')), li(p('Second ', t('point', del(B), del(A)), '.')))))
    })

    it('editing, extending and removing one’s own proposals', () => {
      const mine = docOf(p('States ', t('shall', del(A)), t('may', ins(A)), ' act.'))
      allowed(mine, docOf(p('States ', t('shall', del(A)), t('might', ins(A)), ' act.')))
      allowed(mine, docOf(p('States shall act.')))
      allowed(mine, docOf(p('States ', t('shall', del(A)), t('may', ins(A)), t(' act', del(A)), t(' at once', ins(proposal('a2', BRAZIL, 2000))), '.')))
    })

    it('proposing a new numbered paragraph, and an empty one to type in', () => {
      allowed(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall act now.')), li(p(t('A new point.', ins(A)))), li(p('Second point.')))))
      allowed(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall act now.')), li(p()), li(p('Second point.')))))
    })

    it('changing the formatting of agreed text under a formatting proposal, and taking it back', () => {
      const proposed = docOf(h(2, 'Title'), ol(li(p('States ', t('shall', bold, fmt(A, ['bold'])), ' act now.')), li(p('Second point.'))))
      allowed(agreed(), proposed)
      allowed(proposed, agreed())
    })

    it('a change that touches nothing agreed, such as a remote proposal already there', () => {
      allowed(withChile(), withChile())
    })
  })

  describe('refuses', () => {
    it('deleting agreed text', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States act now.')), li(p('Second point.')))), /agreed text/)
    })

    it('typing agreed (unmarked) text', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall not act now.')), li(p('Second point.')))), /agreed text/)
    })

    it('bolding agreed text without a formatting proposal', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p(t('States', bold), ' shall act now.')), li(p('Second point.')))), /agreed text/)
    })

    it('a formatting proposal that does not say what it changed, or claims a change not made', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p(t('States', bold, fmt(A, ['italic'])), ' shall act now.')), li(p('Second point.')))), /agreed text/)
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p(t('States', fmt(A, ['bold'])), ' shall act now.')), li(p('Second point.')))), /agreed text/)
    })

    it('changing a heading level', () => {
      refused(agreed(), docOf(h(3, 'Title'), ol(li(p('States shall act now.')), li(p('Second point.')))), /heading/)
    })

    it('splitting or joining agreed paragraphs', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall act')), li(p(' now.')), li(p('Second point.')))), /agreed text/)
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall act now.Second point.')))), /agreed text|end of a block/)
    })

    it('removing another delegation’s proposal, or changing its text', () => {
      refused(withChile(), agreed(), /agreed text/)
      refused(withChile(), docOf(h(2, 'Title'), ol(li(p('States shall act ', t('urgently!', ins(B)), ' now.')), li(p('Second ', t('point', del(B)), '.')))), /urgently/)
    })

    it('deleting another delegation’s inserted text by marking it', () => {
      refused(withChile(), docOf(h(2, 'Title'), ol(li(p('States shall act ', t('urgently', ins(B), del(A)), ' now.')), li(p('Second ', t('point', del(B)), '.')))), /urgently/)
    })

    it('forging another author on new text or a new deletion', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall ', t('not ', ins(B)), 'act now.')), li(p('Second point.')))), /someone else/)
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p(t('States', del(B)), ' shall act now.')), li(p('Second point.')))), /someone else/)
    })

    it('reusing another author’s proposal id', () => {
      refused(withChile(), docOf(h(2, 'Title'), ol(li(p('States ', t('also ', ins(proposal('b', BRAZIL))), 'shall act ', t('urgently', ins(B)), ' now.')), li(p('Second ', t('point', del(B)), '.')))), /two authors/)
    })

    it('a proposal in another delegation’s name, when the server knows the delegation', () => {
      const after = docOf(h(2, 'Title'), ol(li(p('States shall ', t('jointly ', ins(proposal('x', { authorId: me, delegation: 'Chile' }))), 'act now.')), li(p('Second point.'))))
      expect(checkAmendmentChange(agreed(), after, me, { delegation: 'Brazil' }).ok).toBe(false)
      expect(checkAmendmentChange(agreed(), after, me).ok).toBe(true)
    })

    it('a malformed proposal mark', () => {
      refused(agreed(), docOf(h(2, 'Title'), ol(li(p('States shall ', t('jointly ', ins({ ...A, createdAt: 'soon' as unknown as number })), 'act now.')), li(p('Second point.')))), /malformed/)
    })
  })

  it('checks a 30-page document in a few milliseconds', () => {
    const items = Array.from({ length: 600 }, (_, i) => li(p(`Paragraph ${i} recalls its resolutions and `, t('urges', bold), ' all States to act on the recommendations without delay.')))
    const before = docOf(ol(...items))
    const after = docOf(ol(...items.slice(0, 300), li(p(t('A new paragraph.', ins(A)))), ...items.slice(300)))
    const start = performance.now()
    expect(checkAmendmentChange(before, after, me).ok).toBe(true)
    expect(performance.now() - start).toBeLessThan(200)
  })
})
