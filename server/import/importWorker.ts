/**
 * Worker thread that reads imported files, one at a time: the checks before parsing (inspectDocx,
 * the Markdown token limit), the parse (mammoth or markdown-it), the ProseMirror check and the Yjs
 * encoding of the new document, all off the main thread and inside the heap limit ImportPool gives it.
 */
import { parentPort } from 'node:worker_threads'
import { Node } from '@tiptap/pm/model'
import { DomainError } from '../http/DomainError.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { initialContent } from '../seed/seedExampleWorkspace.js'
import { capWarnings, unreadableDocx, type ImportLimits } from './importLimits.js'
import { inspectDocx } from './inspectDocx.js'
import { importDocx } from './importDocx.js'
import { importMarkdown } from './importMarkdown.js'
import type { ImportResult } from './buildDocument.js'
import { NO_PAPER_FIELDS, type PaperFields } from '../../shared/paper.js'

export interface ImportJob {
  kind: 'docx' | 'markdown'
  file: Uint8Array
  limits: ImportLimits
}

/** The new document's first update (credited to clientId), its paper's header fields and what to check, or why the file was refused. */
export type ImportAnswer = { ok: true; update: Uint8Array; clientId: number; paper: PaperFields; warnings: string[] } | { ok: false; status: number; code: string; message: string }

const refused = (status: number, code: string, message: string): ImportAnswer => ({ ok: false, status, code, message })

async function read({ kind, file, limits }: ImportJob): Promise<ImportAnswer> {
  let imported: ImportResult
  try {
    if (kind === 'docx') {
      await inspectDocx(file, limits)
      imported = await importDocx(Buffer.from(file.buffer, file.byteOffset, file.byteLength))
    } else imported = importMarkdown(new TextDecoder().decode(file), limits.maxMarkdownTokens)
  } catch (error) {
    const refusal = error instanceof DomainError ? error : kind === 'docx' ? unreadableDocx((error as Error).message) : new DomainError('unprocessable', 'unreadable_file', 'this Markdown could not be read')
    return refused(refusal.status, refusal.code, refusal.message)
  }
  try {
    Node.fromJSON(documentSchema(), imported.doc).check()
    const { update, clientId } = initialContent(imported.doc)
    return { ok: true, update, clientId, paper: imported.paper ?? NO_PAPER_FIELDS, warnings: capWarnings(imported.warnings, limits.maxWarnings) }
  } catch (error) {
    return refused(422, 'unreadable_file', `the file's structure does not fit a Plenary document: ${(error as Error).message}`)
  }
}

parentPort!.on('message', async (job: ImportJob) => {
  const answer = await read(job)
  parentPort!.postMessage(answer, answer.ok ? [answer.update.buffer as ArrayBuffer] : [])
})
