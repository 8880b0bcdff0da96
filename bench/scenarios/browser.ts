import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { spawn } from 'node:child_process'
import os from 'node:os'
import { chromium, type Page } from 'playwright-core'
import { SqliteDocumentStore } from '../../server/persistence/sqlite/SqliteDocumentStore.js'
import { accountAdapters } from '../../server/persistence/sqlite/accountStores.js'
import { hashPassword } from '../../server/auth/secrets.js'
import { percentile } from '../stats.js'
import { serveCommand } from '../serveCommand.js'

/**
 * Size of the JavaScript files `files` (names in the production build's dist/client/assets): gzip
 * level 9, and the Brotli copies the server sends.
 */
export function jsSize(files: string[]): { files: number; gzipBytes: number; brotliBytes: number } {
  const dir = path.resolve('dist/client/assets')
  const gzipBytes = files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length, 0)
  const brotliBytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, `${f}.br`)).size, 0)
  return { files: files.length, gzipBytes, brotliBytes }
}

/** The built JavaScript files (dist/client/assets/*.js) the page has fetched so far, from its resource timings. */
async function scriptsLoaded(tab: Page): Promise<string[]> {
  const urls = (await tab.evaluate(`performance.getEntriesByType('resource').map((r) => r.name)`)) as string[]
  return urls.map((u) => new URL(u).pathname).filter((p) => /^\/assets\/[^/]+\.js$/.test(p)).map((p) => p.slice('/assets/'.length))
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
 * BROWSER_TIMELINE=1: runs in the page too and notes, on the page's clock, when the websocket was
 * opened, connected and got its first message, and when the app first drew, so the figures can be
 * laid beside the resource timings of the scripts and fetches (printed per run).
 */
const TIMELINE_PROBE = `
  window.__plenaryTimeline = {}
  const note = (name) => { window.__plenaryTimeline[name] ??= performance.now() }
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      note('ws created')
      this.addEventListener('open', () => note('ws open'))
      this.addEventListener('message', () => note('ws first message'))
    }
  }
  new MutationObserver((_, observer) => {
    if (document.getElementById('root')?.firstChild) note('app drawn')
    if (document.querySelector('.document-body')) note('editor drawn')
    if (document.querySelector('.document-body[contenteditable="true"]')) note('editable')
    if (document.querySelector('[data-testid="connection-status"][data-status="connected"]')) note('connected')
  }).observe(document, { subtree: true, childList: true, attributes: true })
`

/** The page's timeline (BROWSER_TIMELINE): its own notes and every resource's fetch, sorted by time. */
async function pageTimeline(tab: Page): Promise<string> {
  return (await tab.evaluate(`(() => {
    const rows = Object.entries(window.__plenaryTimeline).map(([name, at]) => [at, name])
    const nav = performance.getEntriesByType('navigation')[0]
    rows.push([nav.responseEnd, 'document responseEnd'], [nav.domContentLoadedEventEnd, 'DOMContentLoaded end'], [nav.loadEventEnd, 'load end'])
    for (const r of performance.getEntriesByType('resource')) rows.push([r.startTime, r.name.replace(location.origin, '') + ' start (' + r.initiatorType + ', ' + r.encodedBodySize + ' B)'], [r.responseEnd, r.name.replace(location.origin, '') + ' responseEnd'])
    return rows.sort((a, b) => a[0] - b[0]).map(([at, name]) => at.toFixed(0).padStart(6) + ' ms  ' + name).join('\\n')
  })()`)) as string
}

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
    // Every chunk the document page fetched by the time it was ready, and by the time the network
    // went quiet after it (chunks it asks for later on its own); over all runs.
    const atReady = new Set<string>()
    const atIdle = new Set<string>()
    // One navigation first, not measured: the browser's own start-up (its first renderer and network
    // processes), which a person's running browser has already done.
    for (let i = -1; i < runs; i++) {
      // Every run in a new context: empty HTTP cache, no compiled-code cache, no offline copy.
      const context = await browser.newContext()
      const tab = await context.newPage()
      await tab.addInitScript(READY_PROBE)
      if (process.env.BROWSER_TIMELINE) await tab.addInitScript(TIMELINE_PROBE)
      await tab.request.post(`${url}/api/auth/login`, { data: { email: 'switzerland@example.org', password: 'bench password 123' } })
      // BROWSER_TRACE=<file.json>: a Chromium performance trace of each measured run (<name>-<run>.json; read it with bench/traceSummary.ts).
      const trace = process.env.BROWSER_TRACE && i >= 0 ? process.env.BROWSER_TRACE.replace(/(\.\w+)?$/, (ext) => `-${i}${ext}`) : null
      if (trace) await browser.startTracing(tab, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'v8', 'loading', 'netlog'] })
      // BROWSER_PROFILE=<file.cpuprofile>: a CPU profile of each measured run's page (<name>-<run>.cpuprofile).
      const profile = process.env.BROWSER_PROFILE && i >= 0 ? process.env.BROWSER_PROFILE.replace(/(\.\w+)?$/, (ext) => `-${i}${ext}`) : null
      const cdp = profile ? await context.newCDPSession(tab) : null
      await cdp?.send('Profiler.enable')
      await cdp?.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp?.send('Profiler.start')
      const t0 = Date.now()
      await tab.goto(`${url}/#/d/${docId}`)
      // Checked on every animation frame (a locator's waitFor backs off to half-second polls).
      const ready = await tab.waitForFunction(() => (window as unknown as { __plenaryReadyAt?: number }).__plenaryReadyAt, undefined, { polling: 'raf', timeout: 20_000 })
      const outside = Date.now() - t0
      const inside = (await ready.jsonValue()) as number
      if (trace) fs.writeFileSync(trace, await browser.stopTracing())
      if (cdp) fs.writeFileSync(profile!, JSON.stringify((await cdp.send('Profiler.stop')).profile))
      if (process.env.BROWSER_TIMELINE) console.log(`run ${i}: ready at ${inside.toFixed(0)} ms\n${await pageTimeline(tab)}\n`)
      for (const f of await scriptsLoaded(tab)) atReady.add(f)
      await tab.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined)
      for (const f of await scriptsLoaded(tab)) atIdle.add(f)
      if (i >= 0) {
        wall.push(outside)
        page.push(inside)
      }
      await context.close()
    }
    await browser.close()
    const max = (xs: number[]) => xs.reduce((m, v) => Math.max(m, v), 0)
    return { runs, readyMsP50: percentile(page, 50), readyMsMax: max(page), wallMsP50: percentile(wall, 50), wallMsMax: max(wall), js: jsSize([...atReady]), jsIdle: jsSize([...atIdle]) }
  } finally {
    proc.kill('SIGTERM')
    await new Promise((r) => proc.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
