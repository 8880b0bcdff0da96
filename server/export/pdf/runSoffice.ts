import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DomainError } from '../../http/DomainError.js'

/** Most of soffice's error output kept for the log of a failed conversion. */
const STDERR_KEPT = 4096

/**
 * Converts one Word file to PDF with LibreOffice headless, in a private folder under `workRoot`
 * (removed afterwards, whatever happens) holding the input, the output and a LibreOffice profile of
 * its own, so a conversion never touches anyone's profile and a killed one leaves no stale lock.
 * soffice runs in a process group of its own: past `timeoutMs` the whole group is killed (the
 * launcher script and soffice.bin alike) and the conversion fails with 504 pdf_timeout.
 */
export async function runSoffice(soffice: string, docx: Buffer, workRoot: string, timeoutMs: number): Promise<Buffer> {
  await fs.mkdir(workRoot, { recursive: true })
  const dir = await fs.mkdtemp(path.join(workRoot, 'conversion-'))
  try {
    const input = path.join(dir, 'document.docx')
    await fs.writeFile(input, docx)
    const args = ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--convert-to', 'pdf', '--outdir', dir, input]
    await inProcessGroup(soffice, args, timeoutMs)
    return await fs.readFile(path.join(dir, 'document.pdf')).catch(() => {
      throw conversionFailed('soffice wrote no PDF')
    })
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

const conversionFailed = (detail: string) => new DomainError('unavailable', 'pdf_conversion_failed', `LibreOffice could not convert the document to PDF (${detail})`)

/** Runs a command in a new process group and waits for it; past the time limit kills the group. Any process of the group still alive at the end is killed too. */
function inProcessGroup(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // ESRCH: the group has already ended.
      }
    }
    let stderr = ''
    let timedOut = false
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8')
    })
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(conversionFailed(error.message))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      killGroup()
      if (timedOut) reject(new DomainError('timeout', 'pdf_timeout', `the PDF conversion took longer than ${timeoutMs / 1000} s and was stopped`))
      else if (code !== 0) reject(conversionFailed(`soffice ended with ${signal ?? `code ${code}`}: ${stderr.trim().slice(0, 300)}`))
      else resolve()
    })
  })
}
