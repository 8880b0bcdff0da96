import fs from 'node:fs'
import os from 'node:os'
import { startTestServer, removeDataDir } from '../../tests/helpers/testServer.js'
import { launchChromium } from '../../tests/helpers/browser.js'
import { openDocumentAs } from '../../tests/helpers/editorPage.js'
import { createLongDocument, openingOf } from '../../tests/helpers/longDocument.js'
import { insertNear } from '../../tests/helpers/anchors.js'
import { percentile } from '../stats.js'

/** Frame times of the document page while the margin follows a busy document. */
export interface MarginFrames {
  frames: number
  p50: number
  p95: number
  p99: number
  max: number
  /** Share of frames longer than 16.7 ms (a missed frame at 60 Hz) and 33 ms (two missed). */
  over16: number
  over33: number
  /** Milliseconds the page's main thread was busy (Chromium's TaskDuration) while the frames were recorded: less swayed by other processes than frame times. */
  busy: number
  typed: number
  threads: number
  machine: string
}

/** Records requestAnimationFrame deltas in window.__frames for ms while scrolling like a reader (40 px every 50 ms, back at either end). */
const RECORD_FRAMES = `function (ms) {
  window.__frames = []
  let last = performance.now()
  let direction = 1
  const end = last + ms
  function tick(t) {
    window.__frames.push(t - last)
    last = t
    if (t < end) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  const scroller = setInterval(() => {
    if (performance.now() > end) return clearInterval(scroller)
    if (window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 5) direction = -1
    if (window.scrollY <= 0) direction = 1
    window.scrollBy(0, 40 * direction)
  }, 50)
}`

/**
 * A 30-page document (300 numbered paragraphs of about 4 lines) with 300 comment threads, one per
 * paragraph, open in headless Chromium (1400×900, the margin beside the text) as a member; the
 * chair types through a real y-websocket client at 5 characters a second into paragraph 150
 * while the page scrolls up and down; requestAnimationFrame deltas are recorded for `seconds`.
 */
export async function marginFrames(seconds = 10, threads = 300): Promise<MarginFrames> {
  const server = await startTestServer()
  const browser = await launchChromium()
  try {
    const { people } = server
    const doc = await createLongDocument(server, people.chair, { paragraphs: 300, threads, by: [people.chair, people.swiss, people.brazil], length: 1, title: 'Thirty pages' })
    const page = await openDocumentAs(browser, server.url, doc.docId, people.swiss)
    await page.setViewportSize({ width: 1400, height: 900 })
    if (threads > 0) await page.locator('[data-testid="thread"]').nth(threads - 1).waitFor({ state: 'attached', timeout: 30_000 })
    await page.waitForTimeout(1000)
    // (A string, not a function: tsx would add helpers the page does not have.)
    // MARGIN_PROFILE=<file.cpuprofile>: also a CPU profile of the page (read it with bench/profileSummary.ts)
    // Each run writes its own file: <name>-<threads>.<extension>.
    const outFile = (name: string) => name.replace(/(\.\w+)?$/, (ext) => `-${threads}${ext}`)
    const cdp = process.env.MARGIN_PROFILE ? await page.context().newCDPSession(page) : null
    await cdp?.send('Profiler.enable')
    await cdp?.send('Profiler.start')
    // MARGIN_TRACE=<file.json>: also a Chromium performance trace (style, layout, paint, scripts; read it with bench/traceSummary.ts).
    if (process.env.MARGIN_TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] })
    const metrics = await page.context().newCDPSession(page)
    await metrics.send('Performance.enable')
    const taskSeconds = async () => (await metrics.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
    const busyBefore = await taskSeconds()
    await page.evaluate(`(${RECORD_FRAMES})(${seconds * 1000})`)
    let typed = 0
    const typing = setInterval(() => {
      // MARGIN_TYPING=0: scrolling alone, to tell the cost of the remote typing from that of the page.
      if (process.env.MARGIN_TYPING === '0') return
      insertNear(doc.client.doc, openingOf(150), openingOf(150).length + typed, 'x')
      typed++
    }, 200)
    await page.waitForTimeout(seconds * 1000 + 500)
    clearInterval(typing)
    const busy = ((await taskSeconds()) - busyBefore) * 1000
    if (cdp) fs.writeFileSync(outFile(process.env.MARGIN_PROFILE!), JSON.stringify((await cdp.send('Profiler.stop')).profile))
    if (process.env.MARGIN_TRACE) fs.writeFileSync(outFile(process.env.MARGIN_TRACE), await browser.stopTracing())
    const frames = (await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames)).slice(1)
    doc.client.destroy()
    const share = (ms: number) => (100 * frames.filter((f) => f > ms).length) / frames.length
    return {
      frames: frames.length,
      p50: percentile(frames, 50),
      p95: percentile(frames, 95),
      p99: percentile(frames, 99),
      max: Math.max(...frames),
      over16: share(16.7),
      over33: share(33.4),
      busy,
      typed,
      threads,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Chromium ${browser.version()} headless (--disable-gpu), load average ${os.loadavg()[0].toFixed(1)} at the end (the machine is shared)`,
    }
  } finally {
    await browser.close()
    await server.close()
    removeDataDir(server.dataDir)
  }
}

/**
 * The results as the lines of a bench/results.md section: the page with its threads, and the same
 * page and typing without any (what this machine's headless Chromium manages at all), side by side.
 */
export function marginFramesSection(r: MarginFrames, command: string, seconds: number, baseline?: MarginFrames): string[] {
  const fmt = (n: number) => n.toFixed(1)
  const row = (x: MarginFrames) => `| ${x.threads} | ${x.frames} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${fmt(x.p99)} | ${fmt(x.max)} | ${fmt(x.over16)}% | ${fmt(x.over33)}% | ${x.busy.toFixed(0)} |`
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')
  return [
    `## Margin: frame times of the document page, 30 pages and 300 comment threads, someone typing while the page scrolls`,
    '',
    `- command: \`${command}\`; machine: ${r.machine}; ${new Date().toISOString()}`,
    `- ${seconds} s of requestAnimationFrame deltas while the chair types ${r.typed} characters (5/s, a real y-websocket client) and the page scrolls 800 px/s`,
    ...(baseline ? ['- the same page and typing with no thread at all, run just before, is what this machine manages without comments: the ratio is the margin\'s own price'] : []),
    '',
    '| threads | frames | p50 ms | p95 ms | p99 ms | max ms | over 16.7 ms | over 33 ms | main thread busy ms |',
    '|---|---|---|---|---|---|---|---|---|',
    ...(baseline ? [row(baseline)] : []),
    row(r),
    ...(baseline ? [`| 300 / 0 | ${ratio(r.frames, baseline.frames)} | ${ratio(r.p50, baseline.p50)} | ${ratio(r.p95, baseline.p95)} | ${ratio(r.p99, baseline.p99)} | ${ratio(r.max, baseline.max)} | | | ${ratio(r.busy, baseline.busy)} |`] : []),
    '',
  ]
}
