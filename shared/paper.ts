import type { Language } from './i18n/languages.js'
import { exportDateLine } from './i18n/exportWords.js'

/**
 * The header fields of a paper of record, kept as properties of the document (not as paragraphs an
 * export would have to guess from): the Word and PDF exports and the print view set them where the
 * organisation's papers have them. The document's language is its own property (DocumentSummary.language).
 */
export interface PaperFields {
  /** The document symbol, "C/105/CRP/x": in the page header from page 2. */
  symbol: string
  /** The distribution line, "English only", "General", "Restricted": flush right at the top of page 1. */
  distribution: string
  /** The document's date as an ISO day (2014-11-26), written in the document's language; '' when none. */
  date: string
  /** The session, "105th Session": with the title block. */
  session: string
}

export const NO_PAPER_FIELDS: PaperFields = { symbol: '', distribution: '', date: '', session: '' }

/** Longest symbol, distribution line and session, in characters. */
export const PAPER_FIELD_MAX = 100

/** One line of text: no control or format characters, no line or paragraph separator, no half of a character (a lone surrogate). */
export const ONE_LINE = /^[^\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]*$/u

const FIELD_NAMES = ['symbol', 'distribution', 'date', 'session'] as const

/** What is wrong with fields as PUT /api/documents/:id/paper would judge them (after trimming), or null: the page checks before it sends. */
export function paperProblem(fields: PaperFields): { field: keyof PaperFields; kind: 'tooLong' | 'oneLine' | 'date' } | null {
  for (const field of FIELD_NAMES) {
    const value = fields[field].trim()
    if (field === 'date') {
      if (value !== '' && !isIsoDay(value)) return { field, kind: 'date' }
    } else if (value.length > PAPER_FIELD_MAX) return { field, kind: 'tooLong' }
    else if (!ONE_LINE.test(value)) return { field, kind: 'oneLine' }
  }
  return null
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether "2014-11-26" is a day that exists (not 2014-02-30). */
export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value)
  if (!m) return false
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return at.getUTCFullYear() === Number(m[1]) && at.getUTCMonth() === Number(m[2]) - 1 && at.getUTCDate() === Number(m[3])
}

/** "26 November 2014" ("26 novembre 2014", "26 de noviembre de 2014"): the paper's date as its header writes it; '' when none. */
export const paperDate = (fields: PaperFields, language: Language) => (fields.date ? exportDateLine(language, new Date(`${fields.date}T00:00:00Z`)) : '')
