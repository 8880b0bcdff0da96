import type { TFunction } from 'i18next'
import type { VersionSummary } from '../../shared/versions/types'
import { nameWithDelegation } from '../../shared/comments/format'
import { formatMoment } from '../dates'

export const when = formatMoment

/** "As presented at the 105th Session (28 Nov 2026, 09:12)", or the current document. */
export function versionTitle(t: TFunction, v: VersionSummary | null): string {
  return v ? t('versions.titleWithDate', { name: v.name, when: when(v.createdAt) }) : t('versions.current')
}

/** Who a version is from: its author, or for automatic versions the people who edited. */
export function versionByline(t: TFunction, v: VersionSummary): string {
  if (v.createdBy) return t('versions.savedBy', { name: nameWithDelegation(v.createdBy) })
  return v.editors.length ? t('versions.editsBy', { names: v.editors.map(nameWithDelegation).join(', ') }) : t('versions.keptAutomatically')
}
