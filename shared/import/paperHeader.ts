import { isIsoDay, NO_PAPER_FIELDS, PAPER_FIELD_MAX, type PaperFields } from '../paper.js'
import { PaperFieldsSchema } from '../types.js'
import { EXPORT_LOCALES } from '../i18n/exportWords.js'
import { LANGUAGES } from '../i18n/languages.js'

/**
 * Reading a paper's header fields (symbol, distribution, date, session) from the lines at the top of
 * an imported paper, as UN and IOM papers set them:
 *
 * ```
 * English only 26 November 2014     ← distribution, and the date on the same line
 * C/105/CRP/3                        ← a line that is only a symbol
 * 105th Session                      ← the session ("Hundred and fifth session")
 * ```
 *
 * Pure and bounded: a line longer than two fields is no field, and each line is matched once.
 */

/** "C/105/CRP/3", "MC/2412", "A/RES/70/1", "E/CN.4/2005/L.10", "C/105/CRP/3/Rev.1": capitals, then parts after slashes. */
const SYMBOL = /^[A-Z]{1,10}(?:\/[A-Za-z0-9.-]{1,20}){1,8}$/
/** "General", "Restricted", "Limited", "English only", "English and French only", "Distr.: General", then perhaps the date. */
const DISTRIBUTION = /^((?:Distr\.?\s*:?\s*)?(?:General|Restricted|Limited)|\p{L}+(?: and \p{L}+)? only|Distribution\s*:?\s*\p{L}+)(?:\s+(.+))?$/iu
/** "105th Session", "Hundred and fifth session", "Seventieth session", "105e session", "105.º período de sesiones". */
const SESSION = /^[\p{L}\d][\p{L}\d.º°ª\s-]{0,50}\b(?:session|sesión|período de sesiones)$/iu
/** "26 November 2014", "1er décembre 2014", "26 de noviembre de 2014". */
const DAY_MONTH_YEAR = /^(\d{1,2})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(\p{L}+)\.?\s+(?:de\s+)?(\d{4})$/iu
/** "November 26, 2014". */
const MONTH_DAY_YEAR = /^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u

const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** Month names of the exports' languages (from Intl, as the exports write them), without accents: "novembre" → 11. */
const MONTHS = new Map<string, number>(
  LANGUAGES.flatMap((language) =>
    Array.from({ length: 12 }, (_, m) => [plain(new Intl.DateTimeFormat(EXPORT_LOCALES[language], { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 1)))), m + 1] as [string, number]),
  ),
)

/** "26 November 2014" (English, French or Spanish), "November 26, 2014" or "2014-11-26" as an ISO day; null when it is not one. */
export function isoDayOf(text: string): string | null {
  const line = text.trim()
  if (isIsoDay(line)) return line
  const dmy = DAY_MONTH_YEAR.exec(line)
  const mdy = dmy ? null : MONTH_DAY_YEAR.exec(line)
  const found = dmy ? { day: dmy[1], month: dmy[2], year: dmy[3] } : mdy ? { day: mdy[2], month: mdy[1], year: mdy[3] } : null
  const m = found && MONTHS.get(plain(found.month))
  if (!found || !m) return null
  const { day, year } = found
  const iso = `${year}-${String(m).padStart(2, '0')}-${day.padStart(2, '0')}`
  return isIsoDay(iso) ? iso : null
}

/** The fields one header line gives, or null when it is not a header field. */
export function paperLine(text: string): Partial<PaperFields> | null {
  const line = text.trim().replace(/\s+/g, ' ')
  if (!line || line.length > 2 * PAPER_FIELD_MAX) return null
  if (SYMBOL.test(line)) return { symbol: line }
  const distribution = DISTRIBUTION.exec(line)
  if (distribution) {
    if (!distribution[2]) return { distribution: distribution[1] }
    const date = isoDayOf(distribution[2])
    return date ? { distribution: distribution[1], date } : null
  }
  const date = isoDayOf(line)
  if (date) return { date }
  return SESSION.test(line) ? { session: line } : null
}

const FITS = PaperFieldsSchema.partial()

/**
 * The fields found in a header block's lines, and the indexes of the lines that gave them (to take
 * out of the text: the fields say it now). The first line giving a field gives it; a later line
 * giving a field already found, or a field the document could not store (too long), stays in the text.
 */
export function readPaperHeader(lines: readonly string[]): { paper: PaperFields; taken: Set<number> } {
  const paper: Partial<PaperFields> = {}
  const taken = new Set<number>()
  lines.forEach((line, i) => {
    const fields = paperLine(line)
    if (!fields || Object.keys(fields).some((k) => paper[k as keyof PaperFields] !== undefined) || !FITS.safeParse(fields).success) return
    Object.assign(paper, fields)
    taken.add(i)
  })
  return { paper: { ...NO_PAPER_FIELDS, ...paper }, taken }
}

/** Fields as the document stores them (a Word file's own properties): each one that the route would refuse is left empty, with a warning. */
export function fitPaper(found: Partial<PaperFields>, warnings: string[]): PaperFields {
  const paper = { ...NO_PAPER_FIELDS }
  for (const [name, value] of Object.entries(found) as Array<[keyof PaperFields, string | undefined]>) {
    if (!value) continue
    const parsed = PaperFieldsSchema.shape[name].safeParse(value)
    if (parsed.success) paper[name] = parsed.data
    else warnings.push(`the paper's ${name} "${value.slice(0, 40)}" was not kept: ${parsed.error.issues[0].message}`)
  }
  return paper
}
