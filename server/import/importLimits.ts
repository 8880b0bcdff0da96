import { DomainError } from '../http/DomainError.js'

/**
 * What one import may cost. A file is read in a worker thread (ImportPool) that has its own heap
 * limit and a wall-clock limit; before the expensive parsers run, the file's declared and actual
 * sizes and its number of XML elements or Markdown tokens are counted, so a small file that would
 * unfold into something huge is refused in milliseconds instead of filling the worker's heap.
 */
export interface ImportLimits {
  /** Bytes a .docx may unzip to, all its entries together (declared in the zip and actually inflated): 413 past it. */
  maxUnzippedBytes: number
  /** Entries of a .docx (a Word file has a few dozen; images add one each): 422 past it. */
  maxZipEntries: number
  /** XML elements (start tags) in all the entries of a .docx together: 422 past it. */
  maxXmlElements: number
  /** Tokens markdown-it may produce (blocks and inline pieces: a link is three): 422 past it. */
  maxMarkdownTokens: number
  /** Wall-clock time of one import in its worker, start-up included: 422 past it. */
  timeLimitMs: number
  /** Old-generation heap of the worker (resourceLimits.maxOldGenerationSizeMb): 422 when it runs out. */
  memoryMb: number
  /** Imports read at the same time; the rest wait their turn. */
  concurrency: number
  /** Imports that may wait for a turn; more get 503 import_busy. */
  maxWaiting: number
  /** Warnings returned with an import (identical ones once); the rest are counted in a last one. */
  maxWarnings: number
}

/**
 * Chosen from measurements of mammoth 1.13 in a 256 MB heap, which needs about 1 KB per XML element
 * while it reads: 200,000 elements (13,000 paragraphs of three formatted runs each, a few hundred
 * pages of Word markup) still fit and take 3-10 s on a busy 2-CPU machine; 300,000 did not fit.
 * 200,000 Markdown tokens are some 50,000 links, or far more ordinary text; 100,000 links take 400,000.
 */
export const IMPORT_LIMITS: ImportLimits = {
  maxUnzippedBytes: 50 * 1024 * 1024,
  maxZipEntries: 1_000,
  maxXmlElements: 200_000,
  maxMarkdownTokens: 200_000,
  timeLimitMs: 30_000,
  memoryMb: 256,
  concurrency: 1,
  maxWaiting: 4,
  maxWarnings: 50,
}

const SPLIT = 'split it into smaller documents and import them one by one'

export const tooLarge = (what: string) => new DomainError('too_large', 'import_too_large', `${what}; ${SPLIT}`)
export const tooComplex = (what: string) => new DomainError('unprocessable', 'import_too_complex', `${what}; ${SPLIT}`)
export const unreadableDocx = (why: string) => new DomainError('unprocessable', 'unreadable_file', `this is not a readable Word (.docx) file: ${why}`)

/** Identical warnings once each, at most `max`, then one saying how many more there were. */
export function capWarnings(warnings: string[], max: number): string[] {
  const unique = [...new Set(warnings)]
  return unique.length <= max ? unique : [...unique.slice(0, max), `… and ${unique.length - max} more warnings`]
}
