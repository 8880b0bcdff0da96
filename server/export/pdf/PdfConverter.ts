import fs from 'node:fs'
import path from 'node:path'
import { DomainError } from '../../http/DomainError.js'
import type { ExportFile } from '../DocumentExports.js'
import { ConversionQueue } from './ConversionQueue.js'
import { runSoffice } from './runSoffice.js'

export const PDF_TYPE = 'application/pdf'

export interface PdfSettings {
  /** soffice's path (config SOFFICE_PATH, resolved on PATH); not an executable file: PDF is unavailable. */
  soffice: string
  /** The folder conversions work in, one private folder each (several servers may share it). */
  workRoot: string
  timeoutMs: number
  maxWaiting: number
}

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * Removes the folders of conversions cut short by a crash: those older than any conversion may run.
 * Younger ones may belong to another server sharing the DATA_DIR (the nodes of `npm run cluster`).
 */
function removeAbandoned(workRoot: string, timeoutMs: number): void {
  const before = Date.now() - timeoutMs - 60_000
  const entries = fs.existsSync(workRoot) ? fs.readdirSync(workRoot) : []
  for (const name of entries) {
    const folder = path.join(workRoot, name)
    // Another server may remove it meanwhile: then there is nothing to do.
    const modified = fs.statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? Infinity
    if (modified < before) fs.rmSync(folder, { recursive: true, force: true })
  }
}

/**
 * Word exports as PDF: the same paper as the Word file, converted by LibreOffice headless on this
 * server, one conversion at a time (ConversionQueue), each with a time limit (runSoffice). Without
 * LibreOffice every conversion is refused with 503 pdf_unavailable, saying how to enable it.
 */
export class PdfConverter {
  /** Whether this server has LibreOffice: the client offers PDF downloads only then. */
  readonly available: boolean
  private readonly queue: ConversionQueue

  constructor(private readonly settings: PdfSettings) {
    this.available = isExecutable(settings.soffice)
    this.queue = new ConversionQueue(settings.maxWaiting)
    removeAbandoned(settings.workRoot, settings.timeoutMs)
  }

  /**
   * The Word file `word` makes, as PDF under the same name; `word` runs once the conversion's turn
   * came. When `signal` aborts (the caller went away) the conversion leaves the queue or is killed;
   * `caller` (the user) has one conversion running or waiting at a time.
   */
  async pdfOf(word: () => Promise<ExportFile>, signal?: AbortSignal, caller?: string): Promise<ExportFile> {
    if (!this.available) {
      throw new DomainError('unavailable', 'pdf_unavailable', 'PDF export needs LibreOffice on the server: install libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui) or set SOFFICE_PATH to its soffice')
    }
    const { soffice, workRoot, timeoutMs } = this.settings
    return this.queue.run(async () => {
      const file = await word()
      const body = await runSoffice(soffice, Buffer.from(file.body), workRoot, timeoutMs, signal)
      return { name: file.name.replace(/\.docx$/, '.pdf'), type: PDF_TYPE, body }
    }, signal, caller)
  }
}
