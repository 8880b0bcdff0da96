import { describe, expect, it } from 'vitest'
import { delegationsOf, signersLine, type Signed } from '../../shared/signers/delegationsOf.js'

const signer = (name: string, state: 'invited' | 'confirmed' | 'declined', delegations = [name]) => ({ name, state, delegations })

describe('delegationsOf and signersLine: whom a joint position speaks for', () => {
  const thread: Signed = {
    author: { delegation: 'Brazil' },
    signers: [signer('Chile', 'confirmed'), signer('Peru', 'declined'), signer('Norway', 'invited'), signer('GRULAC', 'confirmed', ['Brazil', 'Chile', 'Uruguay'])],
  }

  it('lists the author’s delegation first, then every confirmed co-signer’s delegations once each, never the invited or declined ones', () => {
    expect(delegationsOf(thread)).toEqual(['Brazil', 'Chile', 'Uruguay'])
    expect(delegationsOf({ author: { delegation: 'Brazil' } })).toEqual(['Brazil'])
  })

  it('takes a proposal’s own delegation before its author’s current one, and skips an empty one', () => {
    expect(delegationsOf({ author: { delegation: 'Chile' }, delegation: 'Brazil', signers: [] })).toEqual(['Brazil'])
    expect(delegationsOf({ author: { delegation: '' }, delegation: null, signers: [signer('Chile', 'confirmed')] })).toEqual(['Chile'])
  })

  it('names the signers as the reader’s language lists them, groups under their name, and who is awaited', () => {
    expect(signersLine(thread, 'en-US')).toEqual({ names: 'Brazil, Chile and GRULAC', awaiting: 'Norway' })
    expect(signersLine(thread, 'fr')).toEqual({ names: 'Brazil, Chile et GRULAC', awaiting: 'Norway' })
    expect(signersLine(thread, 'es')).toEqual({ names: 'Brazil, Chile y GRULAC', awaiting: 'Norway' })
    expect(signersLine({ author: { delegation: 'Brazil' }, signers: [signer('Chile', 'invited'), signer('Norway', 'invited')] }, 'en-GB')).toEqual({
      names: 'Brazil',
      awaiting: 'Chile and Norway',
    })
  })
})
