import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { FormatChange } from '../../shared/amendments/proposal'
import { delegationHue } from '../../shared/schema/ProposalMarks'
import { i18next } from '../i18n/i18n'

/** What a proposal does, as the panel words it. */
interface ChangeText {
  inserted: string
  deleted: string
  formatted: string
  format?: FormatChange
}

/** The formats a proposal can change, as message keys. */
const FORMAT_NAMES: Record<string, string> = { bold: 'amendments.change.bold', italic: 'amendments.change.italic', underline: 'amendments.change.underline', strike: 'amendments.change.strike' }

/** "bold added, italic removed", or "" when the formats are not known (a decided proposal). */
function formatWords(t: TFunction, format: FormatChange | undefined): string {
  if (!format) return ''
  const name = (f: string) => (FORMAT_NAMES[f] ? t(FORMAT_NAMES[f]) : f)
  const words = [...format.added.map((f) => t('amendments.change.formatAdded', { format: name(f) })), ...format.removed.map((f) => t('amendments.change.formatRemoved', { format: name(f) }))]
  return words.join(', ')
}

/** A delegation's name with its colour swatch: the hue its proposals are shown in (as ProposalMarks picks it). */
export function DelegationName({ delegation, authorId }: { delegation: string | null; authorId: string }) {
  const { t } = useTranslation()
  return (
    <span className="delegation">
      <span className="delegation__swatch" style={{ '--proposal-hue': delegationHue(delegation ?? authorId) } as CSSProperties} aria-hidden="true" />
      {delegation || t('amendments.change.noDelegation')}
    </span>
  )
}

/**
 * The text a proposal inserts, deletes and reformats, each in its own line; in the delegation's
 * colour, as in the text, when `hueOf` is given (open proposals).
 */
export function ProposalChange({ change, hueOf }: { change: ChangeText; hueOf?: string }) {
  const { t } = useTranslation()
  const formats = formatWords(t, change.format)
  const colour = hueOf === undefined ? undefined : ({ '--proposal-hue': delegationHue(hueOf) } as CSSProperties)
  const cls = (kind: string) => (colour ? `proposal proposal--${kind}` : undefined)
  return (
    <ul className="proposal-change">
      {change.deleted && (
        <li>
          <span className="proposal-change__verb">{t('amendments.change.delete')}</span> <del className={cls('delete')} style={colour}>
            {change.deleted}
          </del>
        </li>
      )}
      {change.inserted && (
        <li>
          <span className="proposal-change__verb">{t('amendments.change.insert')}</span> <ins className={cls('insert')} style={colour}>
            {change.inserted}
          </ins>
        </li>
      )}
      {change.formatted && (
        <li>
          <span className="proposal-change__verb">{t('amendments.change.format')}</span> <q>{change.formatted}</q>
          {formats && ` ${t('amendments.change.formats', { formats })}`}
        </li>
      )}
    </ul>
  )
}

/** "Supported by Chile, Norway", by delegation, or nothing; in the interface's language. */
export function supportLine(supporters: Array<{ delegation: string; name: string }>): string {
  if (supporters.length === 0) return ''
  return i18next.t('amendments.change.supportedBy', { names: [...new Set(supporters.map((s) => s.delegation || s.name))].join(', ') })
}
