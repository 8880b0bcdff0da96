import type { TFunction } from 'i18next'
import type { FeedbackLinkView } from '../../shared/feedback/types'

/**
 * A feedback update's link in the reader's language, from the facts the server sends with it (the
 * server's own label is English, for API readers): "Comment on para 7", "<document>, para 6(b)"
 * as the paragraph is numbered now, or what was deleted.
 */
export function linkLabel(l: FeedbackLinkView, t: TFunction): string {
  if (l.type === 'thread') return l.broken ? t('feedback.link.deletedComment') : t('feedback.link.comment', { ref: l.ref ?? '—' })
  if (l.type === 'update') return l.broken ? t('feedback.link.deletedUpdate') : (l.title ?? l.label)
  if (l.broken || l.title === undefined) return t('feedback.link.deletedDocument', { ref: l.paraRef })
  if (l.paragraphDeleted) return l.quote ? t('feedback.link.paragraphDeletedQuote', { document: l.title, ref: l.paraRef, quote: l.quote }) : t('feedback.link.paragraphDeleted', { document: l.title, ref: l.paraRef })
  return t('feedback.composer.paragraphLink', { document: l.title, paragraph: l.liveRef ?? l.paraRef })
}
