import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serverSuite } from '../helpers/serverSuite.js'
import { api } from '../helpers/http.js'
import { waitFor } from '../helpers/waitFor.js'
import { createLongDocument } from '../helpers/longDocument.js'
import { artifactPath } from '../helpers/browser.js'
import { lineWith, offCentre, pdfLayout, pdfPages, pdfText, renderPage, textBox } from '../helpers/pdfLayout.js'
import { loadConfig } from '../../server/config.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'
import { secretariatTemplate, uploadTemplate } from '../helpers/wordTemplates.js'
import type { TestServer } from '../helpers/testServer.js'

/** This machine's soffice, found on PATH as the server finds it (.ci/run installs it). */
const SOFFICE = loadConfig(process.env).SOFFICE_PATH

const get = (server: TestServer, url: string, who: keyof TestServer['people'] = 'swiss') => fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${server.people[who].token}` }, signal: AbortSignal.timeout(10_000) })

/** Processes whose command line names this server's DATA_DIR: its conversions (pgrep exits 1 when there is none). */
const conversionProcesses = (server: TestServer) => {
  try {
    return execFileSync('pgrep', ['-a', '-f', server.dataDir], { encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
}

/** The fonts a PDF embeds, as pdffonts lists them. */
const pdfFonts = (pdf: string) => execFileSync('pdffonts', [pdf], { encoding: 'utf8' })

/** Writes a downloaded PDF into test-artifacts/ and answers its path. */
async function savePdf(res: Response, name: string): Promise<string> {
  const file = artifactPath(name)
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()))
  return file
}

describe('PDF export with LibreOffice', () => {
  const suite = serverSuite({ SOFFICE_PATH: SOFFICE })

  it('converts the Word export of the DG response into a PDF whose first page carries the centred title block, one page per page of text', async () => {
    const { server } = suite
    const paper = { symbol: 'C/105/CRP/20', distribution: 'English only', date: '2014-11-26', session: '105th Session' }
    expect((await api(server.url, 'PUT', `/api/documents/${server.docIds.dgResponse}/paper`, { as: { token: server.people.chair.token }, body: paper })).status).toBe(200)
    const res = await get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`filename="C_105_CRP_20 - Director General's Response - ${new Date().toISOString().slice(0, 10)}.pdf"`)
    const pdf = await savePdf(res, 'pdf-export-dg-response.pdf')
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    await renderPage(pdf, 1, artifactPath('pdf-export-dg-response-page-1'))
    expect(fs.statSync(artifactPath('pdf-export-dg-response-page-1.png')).size).toBeGreaterThan(1000)

    // The page count is what the text needs: the whole text is there, its last paragraph on the last
    // page, every page has text, and every page but the last is filled down to its bottom margin.
    const pages = await pdfPages(pdf)
    expect(pages).toBeGreaterThan(0)
    const layouts = await Promise.all(Array.from({ length: pages }, (_, i) => pdfLayout(pdf, i + 1)))
    for (const page of layouts) expect(page.lines.length).toBeGreaterThan(0)
    for (const page of layouts.slice(0, -1)) expect(textBox(page).yMax / page.height).toBeGreaterThan(0.75)
    const oneLine = (text: string) => text.replace(/\s+/g, ' ')
    expect(oneLine(await pdfText(pdf, pages))).toContain('either the Working Group or I would keep the Member States informed, as appropriate and relevant.')
    expect(oneLine(await pdfText(pdf, 1))).toContain('I wish to thank the outgoing Chairperson')

    // The title block: both titles and the paper's kind centred on the page (their short last lines
    // show it: a wrapped left-aligned line would fill the width), in the page's top third.
    const first = layouts[0]
    // A4 (595 × 842 points).
    expect([Math.round(first.width), Math.round(first.height)]).toEqual([595, 842])
    for (const text of ['CONFERENCE ROOM PAPER', 'COUNCIL', '105th Session', /^ON THE WORKING GROUP/, /^DIRECTOR GENERAL'S RESPONSE TO/, 'WORKING GROUP ON IOM-UN RELATIONS AND THE IOM STRATEGY']) {
      const line = lineWith(first, text)
      expect(offCentre(first, line), String(text)).toBeLessThan(0.05)
      expect(line.yMax / first.height, String(text)).toBeLessThan(1 / 3)
    }
    // The symbol, distribution line and date flush right (ending at the text's right margin, starting
    // past the middle), above the title block.
    const margin = textBox(first).xMax
    for (const text of ['C/105/CRP/20', 'English only', '26 November 2014']) {
      const line = lineWith(first, text)
      expect(Math.abs(line.xMax - margin), text).toBeLessThan(2)
      expect(line.xMin, text).toBeGreaterThan(first.width / 2)
      expect(line.yMax, text).toBeLessThan(lineWith(first, 'CONFERENCE ROOM PAPER').yMin)
    }
    // Page 1 has no page number; page 2 has the symbol at the top right and "- 2 -" centred at the bottom.
    expect(first.lines.some((l) => /^- \d+ -$/.test(l.text))).toBe(false)
    const second = layouts[1]
    const symbol = lineWith(second, 'C/105/CRP/20')
    expect(symbol.yMax / second.height).toBeLessThan(0.1)
    expect(symbol.xMin).toBeGreaterThan(second.width / 2)
    const number = lineWith(second, '- 2 -')
    expect(number.yMin / second.height).toBeGreaterThan(0.9)
    expect(offCentre(second, number)).toBeLessThan(0.02)
    // Times New Roman (LibreOffice's metric twin where Microsoft's font is not installed).
    expect(pdfFonts(pdf)).toMatch(/Times|LiberationSerif/)
  })

  it('takes the font, page and header of the template the chair uploaded, and goes back to the built-in paper', async () => {
    const { server } = suite
    expect((await uploadTemplate(server, server.people.chair.token, await secretariatTemplate())).status).toBe(200)
    try {
      const res = await get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`)
      expect(res.status).toBe(200)
      const pdf = await savePdf(res, 'pdf-export-template.pdf')
      await renderPage(pdf, 1, artifactPath('pdf-export-template-page-1'))
      // Arial (LibreOffice's Liberation Sans where Arial is not installed), no Times left.
      expect(pdfFonts(pdf)).toMatch(/Arial|LiberationSans/)
      expect(pdfFonts(pdf)).not.toMatch(/Times|LiberationSerif/)
      const first = await pdfLayout(pdf, 1)
      // US Letter (612 × 792 points), and the template's header with the document's symbol in its field.
      expect([Math.round(first.width), Math.round(first.height)]).toEqual([612, 792])
      expect(first.lines.map((l) => l.text).join(' | ')).toContain('WORKING GROUP TEMPLATE HEADER C/105/CRP/20')
    } finally {
      expect((await api(server.url, 'DELETE', `/api/groups/${EXAMPLE_GROUP_ID}/template`, { as: { token: server.people.chair.token } })).status).toBe(200)
    }
    const back = await savePdf(await get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`), 'pdf-export-built-in-again.pdf')
    expect(pdfFonts(back)).toMatch(/Times|LiberationSerif/)
  })

  it('converts a saved version', async () => {
    const { server } = suite
    const docId = server.docIds.chairReport
    const version = await api(server.url, 'POST', `/api/documents/${docId}/versions`, { as: { token: server.people.chair.token }, body: { name: 'Before the meeting' } })
    const res = await get(server, `/api/documents/${docId}/versions/${version.json.id}/export.pdf?proposals=clean`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain(`filename="Chairperson's Report (Before the meeting).pdf"`)
    const pdf = await savePdf(res, 'pdf-export-chair-report-version.pdf')
    expect(await pdfText(pdf, 1)).toContain('Mandate of the Working Group')
  })

  it('refuses whoever may not read the Word export, as the Word export does', async () => {
    const { server } = suite
    const docId = server.docIds.dgResponse
    const refusals = [
      { who: 'outsider', file: `/api/documents/${docId}/export`, query: '' },
      { who: 'swiss', file: `/api/documents/${docId}/export`, query: '?moderation=1' },
      { who: 'swiss', file: '/api/documents/no-such-document/export', query: '' },
    ] as const
    for (const { who, file, query } of refusals) {
      const word = await get(server, `${file}.docx${query}`, who)
      const pdf = await get(server, `${file}.pdf${query}`, who)
      expect([403, 404]).toContain(word.status)
      expect({ status: pdf.status, error: (await pdf.json()).error }).toEqual({ status: word.status, error: (await word.json()).error })
    }
  })

  it('tells the client that PDF export is available', async () => {
    expect((await api(suite.server.url, 'GET', '/api/me', { as: { token: suite.server.people.swiss.token } })).json.pdfExport).toBe(true)
  })
})

describe('PDF export without LibreOffice', () => {
  const suite = serverSuite({ SOFFICE_PATH: '/nonexistent/soffice' })

  it('answers 503 pdf_unavailable saying how to enable it, and tells the client', async () => {
    const { server } = suite
    const res = await get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`)
    expect(res.status).toBe(503)
    const body = await res.json()
    expect(body.error).toBe('pdf_unavailable')
    expect(body.message).toContain('apt-get install libreoffice-writer-nogui')
    expect(body.message).toContain('SOFFICE_PATH')
    expect((await api(server.url, 'GET', '/api/me', { as: { token: server.people.swiss.token } })).json.pdfExport).toBe(false)
    expect((await get(server, `/api/documents/${server.docIds.dgResponse}/export.docx`)).status).toBe(200)
  })
})

describe('PDF conversion past its time limit', () => {
  const suite = serverSuite({ SOFFICE_PATH: SOFFICE, PDF_TIMEOUT_MS: 300 })

  it('answers 504 pdf_timeout with soffice and its folder gone, and serves the next request', async () => {
    const { server } = suite
    // About 375 pages: LibreOffice needs seconds for it, so a soffice left running would still be there.
    const { docId, client } = await createLongDocument(server, server.people.chair, { paragraphs: 1500, threads: 0, by: [] })
    client.destroy()
    const started = Date.now()
    const res = await get(server, `/api/documents/${docId}/export.pdf`)
    expect(res.status).toBe(504)
    expect((await res.json()).error).toBe('pdf_timeout')
    // Killed with its process group: nothing left, and answered long before LibreOffice would have finished (about 4 s here).
    expect(conversionProcesses(server)).toBe('')
    expect(Date.now() - started).toBeLessThan(2500)
    expect(fs.readdirSync(path.join(server.dataDir, 'pdf-conversions'))).toEqual([])
    expect((await get(server, `/api/documents/${docId}/export.docx`)).status).toBe(200)
  })
})

describe('PDF conversions queued', () => {
  // A stand-in for soffice that notes its process id, then holds its conversion until the test opens
  // the gate (and writes no PDF): which conversion runs and which waits is a state the test controls.
  // It gives up when its folder is gone, so a test run cut short leaves nothing behind.
  const bin = path.join(os.tmpdir(), `plenary-held-soffice-${process.pid}`)
  const gate = path.join(bin, 'gate')
  const started = path.join(bin, 'started')
  const held = path.join(bin, 'soffice')
  beforeAll(() => {
    fs.mkdirSync(bin, { recursive: true })
    fs.writeFileSync(held, `#!/bin/sh\necho $$ >> '${started}'\nwhile [ ! -e '${gate}' ]; do [ -d '${bin}' ] || exit 1; sleep 0.02; done\nexit 1\n`, { mode: 0o755 })
  })
  beforeEach(() => {
    fs.rmSync(gate, { force: true })
    fs.rmSync(started, { force: true })
  })
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }))
  const suite = serverSuite({ SOFFICE_PATH: held, PDF_QUEUE_LENGTH: 1, PDF_TIMEOUT_MS: 20_000 })
  const startedIds = () => (fs.existsSync(started) ? fs.readFileSync(started, 'utf8').trim().split('\n').map(Number) : [])
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const failure = async (res: Promise<Response>) => {
    const answer = await res
    return { status: answer.status, error: (await answer.json()).error }
  }

  /** Two more requests (of two other people) while one runs: one waits, the other is refused at once (whichever came second). */
  async function waitingAndRefused(server: TestServer) {
    const url = `/api/documents/${server.docIds.dgResponse}/export.pdf`
    const two = (['brazil', 'dg'] as const).map((who) => ({ who, control: new AbortController() })).map(({ who, control }) => ({ control, res: fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${server.people[who].token}` }, signal: control.signal }) }))
    const refused = await Promise.race(two.map(async (one) => (await one.res, one)))
    return { refused: await refused.res, waiting: two.find((one) => one !== refused)! }
  }

  it('refuses a conversion with 503 pdf_busy and Retry-After while one runs and the queue is full, and runs the waiting one next', async () => {
    const { server } = suite
    const running = get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`)
    await waitFor(() => expect(startedIds()).toHaveLength(1))
    const { refused, waiting } = await waitingAndRefused(server)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await refused.json()).error).toBe('pdf_busy')
    fs.writeFileSync(gate, '')
    for (const res of [running, waiting.res]) expect(await failure(res)).toEqual({ status: 503, error: 'pdf_conversion_failed' })
    expect(startedIds()).toHaveLength(2)
  })

  it('gives one person one conversion at a time: a second request while the first runs is refused with 429', async () => {
    const { server } = suite
    const running = get(server, `/api/documents/${server.docIds.dgResponse}/export.pdf`)
    await waitFor(() => expect(startedIds()).toHaveLength(1))
    const again = await get(server, `/api/documents/${server.docIds.chairReport}/export.pdf`)
    expect(again.status).toBe(429)
    expect(again.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await again.json()).error).toBe('pdf_one_at_a_time')
    fs.writeFileSync(gate, '')
    expect(await failure(running)).toEqual({ status: 503, error: 'pdf_conversion_failed' })
    // Once it is done, the same person may ask again.
    fs.rmSync(gate, { force: true })
    const next = get(server, `/api/documents/${server.docIds.chairReport}/export.pdf`)
    await waitFor(() => expect(startedIds()).toHaveLength(2))
    fs.writeFileSync(gate, '')
    expect(await failure(next)).toEqual({ status: 503, error: 'pdf_conversion_failed' })
  })

  it('drops a waiting conversion whose caller went away, and kills a running one', async () => {
    const { server } = suite
    const url = `/api/documents/${server.docIds.dgResponse}/export.pdf`
    const first = new AbortController()
    const running = fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${server.people.swiss.token}` }, signal: first.signal }).catch(() => 'gone')
    await waitFor(() => expect(startedIds()).toHaveLength(1))
    const { refused, waiting } = await waitingAndRefused(server)
    expect(refused.status).toBe(503)
    waiting.control.abort()
    // Its place is free: a new request waits (does not answer at once) instead of being refused.
    const { next } = await waitFor(async () => {
      const res = get(server, url, 'observer')
      expect(await Promise.race([res.then((r) => r.status), new Promise((r) => setTimeout(() => r('waiting'), 500))])).toBe('waiting')
      return { next: res }
    })
    first.abort()
    const [firstId] = startedIds()
    await waitFor(() => expect(alive(firstId)).toBe(false))
    await waitFor(() => expect(startedIds()).toHaveLength(2))
    fs.writeFileSync(gate, '')
    expect(await failure(next)).toEqual({ status: 503, error: 'pdf_conversion_failed' })
    expect(await running).toBe('gone')
    expect(startedIds()).toHaveLength(2)
  })
})
