import type { CSSProperties } from 'react'
import type { FormatChange } from '../../shared/amendments/proposal'
import { delegationHue } from '../../shared/schema/ProposalMarks'

/** What a proposal does, as the panel words it. */
interface ChangeText {
  inserted: string
  deleted: string
  formatted: string
  format?: FormatChange
}

const FORMAT_NAMES: Record<string, string> = { bold: 'bold', italic: 'italic', underline: 'underlined', strike: 'struck through' }

/** "bold added, italic removed", or "" when the formats are not known (a decided proposal). */
function formatWords(format: FormatChange | undefined): string {
  if (!format) return ''
  const words = [...format.added.map((f) => `${FORMAT_NAMES[f] ?? f} added`), ...format.removed.map((f) => `${FORMAT_NAMES[f] ?? f} removed`)]
  return words.join(', ')
}

/** A delegation's name with its colour swatch: the hue its proposals are shown in (as ProposalMarks picks it). */
export function DelegationName({ delegation, authorId }: { delegation: string | null; authorId: string }) {
  return (
    <span className="delegation">
      <span className="delegation__swatch" style={{ '--proposal-hue': delegationHue(delegation ?? authorId) } as CSSProperties} aria-hidden="true" />
      {delegation || 'No delegation'}
    </span>
  )
}

/**
 * The text a proposal inserts, deletes and reformats, each in its own line; in the delegation's
 * colour, as in the text, when `hueOf` is given (open proposals).
 */
export function ProposalChange({ change, hueOf }: { change: ChangeText; hueOf?: string }) {
  const formats = formatWords(change.format)
  const colour = hueOf === undefined ? undefined : ({ '--proposal-hue': delegationHue(hueOf) } as CSSProperties)
  const cls = (kind: string) => (colour ? `proposal proposal--${kind}` : undefined)
  return (
    <ul className="proposal-change">
      {change.deleted && (
        <li>
          <span className="proposal-change__verb">Delete</span> <del className={cls('delete')} style={colour}>
            {change.deleted}
          </del>
        </li>
      )}
      {change.inserted && (
        <li>
          <span className="proposal-change__verb">Insert</span> <ins className={cls('insert')} style={colour}>
            {change.inserted}
          </ins>
        </li>
      )}
      {change.formatted && (
        <li>
          <span className="proposal-change__verb">Format</span> <q>{change.formatted}</q>
          {formats && ` (${formats})`}
        </li>
      )}
    </ul>
  )
}

/** "Supported by Chile, Norway", by delegation, or nothing. */
export function supportLine(supporters: Array<{ delegation: string; name: string }>): string {
  if (supporters.length === 0) return ''
  return `Supported by ${[...new Set(supporters.map((s) => s.delegation || s.name))].join(', ')}`
}
