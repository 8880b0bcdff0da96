import fs from 'node:fs'
import { DomainError } from '../../http/DomainError.js'
import type { ExportFile } from '../DocumentExports.js'
import { ConversionQueue } from './ConversionQueue.js'
import { runSoffice } from './runSoffice.js'

export const PDF_TYPE = 'application/pdf'

export interface PdfSettings {
  /** soffice's path (config SOFFICE_PATH, resolved on PATH); not an executable file: PDF is unavailable. */
  soffice: string
  /** The folder conversions work in, one private folder each (emptied when the server starts). */
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
    // Conversions cut short by a crash of the server leave their folders behind.
    fs.rmSync(settings.workRoot, { recursive: true, force: true })
  }

  /** The Word file `word` makes, as PDF under the same name; `word` runs once the conversion's turn came. */
  async pdfOf(word: () => Promise<ExportFile>): Promise<ExportFile> {
    if (!this.available) {
      throw new DomainError('unavailable', 'pdf_unavailable', 'PDF export needs LibreOffice on the server: install libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui) or set SOFFICE_PATH to its soffice')
    }
    const { soffice, workRoot, timeoutMs } = this.settings
    return this.queue.run(async () => {
      const file = await word()
      const body = await runSoffice(soffice, Buffer.from(file.body), workRoot, timeoutMs)
      return { name: file.name.replace(/\.docx$/, '.pdf'), type: PDF_TYPE, body }
    })
  }
}
