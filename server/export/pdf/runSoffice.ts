import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { DomainError } from '../../http/DomainError.js'

/** The PATH soffice runs with: its launcher script needs the usual tools (dirname, uname, sed …) and nothing else. */
const SEARCH_PATH = '/usr/local/bin:/usr/bin:/bin'

/**
 * Converts one Word file to PDF with LibreOffice headless, in a private folder under `workRoot`
 * (removed afterwards, whatever happens) holding the input, the output and a LibreOffice profile of
 * its own, so a conversion never touches anyone's profile and a killed one leaves no stale lock.
 * soffice runs in a process group of its own: past `timeoutMs` the whole group is killed (the
 * launcher script and soffice.bin alike) and the conversion fails with 504 pdf_timeout; it is
 * killed the same way when the caller goes away (`signal`). soffice gets no environment but PATH
 * and a HOME in that folder: the server's secrets (DATABASE_URL, SMTP_URL) are not its business.
 */
export async function runSoffice(soffice: string, docx: Buffer, workRoot: string, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  await fs.mkdir(workRoot, { recursive: true })
  const dir = await fs.mkdtemp(path.join(workRoot, 'conversion-'))
  try {
    const input = path.join(dir, 'document.docx')
    await fs.writeFile(input, docx)
    const args = ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--convert-to', 'pdf', '--outdir', dir, input]
    await inProcessGroup(soffice, args, { cwd: dir, timeoutMs, signal })
    return await fs.readFile(path.join(dir, 'document.pdf')).catch(() => {
      throw conversionFailed('soffice wrote no PDF')
    })
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

const conversionFailed = (detail: string) => new DomainError('unavailable', 'pdf_conversion_failed', `LibreOffice could not convert the document to PDF (${detail})`)
const abandoned = () => new Error('the PDF was abandoned while being made')

/**
 * Runs a command in a new process group and waits until it and everything holding its error output
 * have ended (soffice.bin, started by the launcher, holds it too); past the time limit, or when
 * `signal` aborts, kills the group. Any process of the group still alive at the end is killed too.
 * The error output is not kept: it names server paths, and the code says enough.
 */
function inProcessGroup(command: string, args: string[], { cwd, timeoutMs, signal }: { cwd: string; timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abandoned())
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: SEARCH_PATH, HOME: cwd } })
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // ESRCH: the group has already ended.
      }
    }
    let timedOut = false
    child.stderr.resume()
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, timeoutMs)
    signal?.addEventListener('abort', killGroup, { once: true })
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', killGroup)
      killGroup()
    }
    child.on('error', (error) => {
      done()
      reject(conversionFailed(error.message))
    })
    child.on('close', (code, killedBy) => {
      done()
      if (timedOut) reject(new DomainError('timeout', 'pdf_timeout', `the PDF conversion took longer than ${timeoutMs / 1000} s and was stopped`))
      else if (signal?.aborted) reject(abandoned())
      else if (code !== 0) reject(conversionFailed(`soffice ended with ${killedBy ?? `code ${code}`}`))
      else resolve()
    })
  })
}
