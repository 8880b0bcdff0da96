import type { VersionSummary } from '../../shared/versions/types'
import { nameWithDelegation } from '../../shared/comments/format'
import { formatMoment } from '../dates'

export const when = formatMoment

/** "As presented at the 105th Session — 28 Nov 2026, 09:12". */
export function versionTitle(v: VersionSummary | null): string {
  return v ? `${v.name} (${when(v.createdAt)})` : 'Current document'
}

/** Who a version is from: its author, or for automatic versions the people who edited. */
export function versionByline(v: VersionSummary): string {
  if (v.createdBy) return `Saved by ${nameWithDelegation(v.createdBy)}`
  return v.editors.length ? `Edits by ${v.editors.map(nameWithDelegation).join(', ')}` : 'Kept automatically'
}
