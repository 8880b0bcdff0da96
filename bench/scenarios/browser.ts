import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { spawn } from 'node:child_process'
import os from 'node:os'
import { chromium } from 'playwright-core'
import { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { hashPassword } from '../../server/auth/secrets.js'
import { percentile } from '../stats.js'
import { serveCommand } from '../serveCommand.js'

/** Size of the JavaScript the editor page loads (the production build in dist/client): gzip level 9, and the Brotli copy the server sends. */
export function editorPageJsGzip(): { files: number; gzipBytes: number; brotliBytes: number } {
  const dir = path.resolve('dist/client/assets')
  const js = fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
  const gzipBytes = js.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0)
  const brotliBytes = js.reduce((sum, f) => sum + fs.statSync(path.join(dir, `${f}.br`)).size, 0)
  return { files: js.length, gzipBytes, brotliBytes }
}

/**
 * Runs in the page before its own scripts: notes on the page's clock (milliseconds since the
 * navigation started) the moment the editor is editable, shows paragraph 8 and says it is connected.
 */
const READY_PROBE = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="connection-status"][data-status="connected"]') &&
        document.querySelector('.document-body[contenteditable="true"] li[data-ref="8"]')) {
      window.__plenaryReadyAt = performance.now()
      observer.disconnect()
    }
  }).observe(document, { subtree: true, childList: true, attributes: true })
`

/**
 * Time from navigation to an editable, synced editor on the DG response, in headless Chromium: on
 * the page's own clock from the start of the navigation (as browsers time page loads), and as the
 * test driver sees it from its goto() call (which adds its own messaging and polling).
 */
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
    const storage = new SqliteDocumentStore(dataDir)
    const { accounts } = accountAdapters(storage.database)
    const user = accounts.userByEmail('switzerland@example.org')!
    accounts.setPassword(user.id, await hashPassword('bench password 123'))
    const docId = storage.listDocuments().find((d) => d.title === "Director General's Response")!.id
    storage.close()
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    })
    const wall: number[] = []
    const page: number[] = []
    // One navigation first, not measured: the browser's own start-up (its first renderer and network
    // processes), which a person's running browser has already done.
    for (let i = -1; i < runs; i++) {
      // Every run in a new context: empty HTTP cache, no compiled-code cache, no offline copy.
      const context = await browser.newContext()
      const tab = await context.newPage()
      await tab.addInitScript(READY_PROBE)
      await tab.request.post(`${url}/api/auth/login`, { data: { email: 'switzerland@example.org', password: 'bench password 123' } })
      const t0 = Date.now()
      await tab.goto(`${url}/#/d/${docId}`)
      // Checked on every animation frame (a locator's waitFor backs off to half-second polls).
      const ready = await tab.waitForFunction(() => (window as unknown as { __plenaryReadyAt?: number }).__plenaryReadyAt, undefined, { polling: 'raf', timeout: 20_000 })
      const outside = Date.now() - t0
      const inside = (await ready.jsonValue()) as number
      if (i >= 0) {
        wall.push(outside)
        page.push(inside)
      }
      await context.close()
    }
    await browser.close()
    const max = (xs: number[]) => xs.reduce((m, v) => Math.max(m, v), 0)
    return { runs, readyMsP50: percentile(page, 50), readyMsMax: max(page), wallMsP50: percentile(wall, 50), wallMsMax: max(wall), ...editorPageJsGzip() }
  } finally {
    proc.kill('SIGTERM')
    await new Promise((r) => proc.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
