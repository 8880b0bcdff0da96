import type { SignerView } from './types.js'

/** A thread or proposal as far as joint positions go: its author's delegation and its co-signers. */
export interface Signed {
  author: { delegation: string }
  /** A proposal's delegation (its author's when made); threads have none apart from the author's. */
  delegation?: string | null
  signers?: readonly Pick<SignerView, 'state' | 'name' | 'delegations'>[]
}

const ownDelegation = (view: Signed) => view.delegation || view.author.delegation

/**
 * Every delegation a thread or proposal speaks for: its author's first, then each confirmed
 * co-signer's (a confirmed group's every delegation), once each. What filters and exports by
 * delegation read, so a joint position appears under each of its signers.
 */
export function delegationsOf(view: Signed): string[] {
  const confirmed = (view.signers ?? []).filter((s) => s.state === 'confirmed').flatMap((s) => s.delegations)
  return [...new Set([ownDelegation(view), ...confirmed].filter(Boolean))]
}

/** English lists are written as UN editorial style (British English) writes them: no comma before "and". */
const listLocale = (locale: string | undefined) => (locale && /^en\b/i.test(locale) ? 'en-GB' : locale)

/**
 * Who a joint position is made on behalf of, as people read it: the author's delegation, then the
 * confirmed co-signers under their own names (a group under its name), joined as the viewer's
 * language joins a list ("Brazil, Chile and Norway"; "Brazil, Chile et Norway"); and the invited
 * ones still to confirm.
 */
export function signersLine(view: Signed, locale?: string): { names: string; awaiting: string | null } {
  const list = new Intl.ListFormat(listLocale(locale), { style: 'long', type: 'conjunction' })
  const signers = view.signers ?? []
  const confirmed = signers.filter((s) => s.state === 'confirmed').map((s) => s.name)
  const invited = signers.filter((s) => s.state === 'invited').map((s) => s.name)
  const names = [...new Set([ownDelegation(view), ...confirmed].filter(Boolean))]
  return { names: list.format(names), awaiting: invited.length ? list.format(invited) : null }
}
