import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { spawn } from 'node:child_process'
import os from 'node:os'
import { chromium } from 'playwright-core'
import { SqliteStorage } from '../../server/persistence/SqliteStorage.js'
import { AccountStore } from '../../server/auth/AccountStore.js'
import { hashPassword } from '../../server/auth/secrets.js'
import { percentile } from '../stats.js'
import { serveCommand } from '../serveCommand.js'

/** Gzip size of the JavaScript the editor page loads (the production build in dist/client). */
export function editorPageJsGzip(): { files: number; gzipBytes: number } {
  const dir = path.resolve('dist/client/assets')
  const js = fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
  const gzipBytes = js.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0)
  return { files: js.length, gzipBytes }
}

/** Time from navigation to an editable, synced editor on the DG response, in headless Chromium. */
export async function browserReady(runs: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-bench-browser-'))
  const serve = serveCommand()
  const proc = spawn(process.execPath, serve.args, { env: { ...process.env, ...serve.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    proc.stdout!.on('data', (d) => {
      out += d
      const m = /running at (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    proc.once('exit', () => reject(new Error(out)))
  })
  try {
    const storage = new SqliteStorage(dataDir)
    const accounts = new AccountStore(storage.db)
    const user = accounts.userByEmail('switzerland@example.org')!
    accounts.setPassword(user.id, await hashPassword('bench password 123'))
    const docId = storage.listDocuments().find((d) => d.title === "Director General's Response")!.id
    storage.close()
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    })
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.request.post(`${url}/api/auth/login`, { data: { email: 'switzerland@example.org', password: 'bench password 123' } })
      const t0 = Date.now()
      await page.goto(`${url}/#/d/${docId}`)
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 20_000 })
      await page.locator('.document-body[contenteditable="true"] li[data-ref="8"]').waitFor({ timeout: 20_000 })
      times.push(Date.now() - t0)
      await context.close()
    }
    await browser.close()
    return { runs, readyMsP50: percentile(times, 50), readyMsMax: times.reduce((m, v) => Math.max(m, v), 0), ...editorPageJsGzip() }
  } finally {
    proc.kill('SIGTERM')
    await new Promise((r) => proc.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
