import { monitorEventLoopDelay } from 'node:perf_hooks'
import zlib from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { serverSuite } from '../helpers/serverSuite.js'
import { connectClient } from '../helpers/yClient.js'
import { insertNear } from '../helpers/anchors.js'
import { waitFor } from '../helpers/waitFor.js'
import { ImportPool } from '../../server/import/ImportPool.js'
import { IMPORT_LIMITS } from '../../server/import/importLimits.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const MiB = 1024 * 1024
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'

/** A minimal .docx around a document body, zipped by fflate at its highest level. */
function docxOf(body: string): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), '_rels/.rels': strToU8(RELS), 'word/document.xml': strToU8(document) }, { level: 9 })
}

/** Paragraphs of justified text in three bold runs: 15 XML elements each, as Word writes ordinary formatting. */
const formattedParagraphs = (count: number) =>
  Array.from({ length: count }, (_, i) => `<w:p><w:pPr><w:jc w:val="both"/></w:pPr>${`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Paragraph ${i} </w:t></w:r>`.repeat(3)}</w:p>`).join('')

/**
 * A zip written by hand, so that an entry can declare any size: method 0 (stored) or 8 (raw deflate
 * data), `size` being what the directory says it unzips to. CRCs are left 0 (jszip does not check them).
 */
function handmadeZip(entries: Array<{ name: string; data: Uint8Array; method: 0 | 8; size: number }>): Uint8Array {
  /** A little-endian record: [offset, 2 or 4 bytes, value] for each field set (the rest stay 0). */
  const record = (length: number, fields: Array<[number, 2 | 4, number]>) => {
    const bytes = Buffer.alloc(length)
    for (const [at, width, value] of fields) void (width === 2 ? bytes.writeUInt16LE(value, at) : bytes.writeUInt32LE(value, at))
    return bytes
  }
  const parts: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const { name, data, method, size } of entries) {
    const fileName = Buffer.from(name)
    parts.push(record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, method], [18, 4, data.length], [22, 4, size], [26, 2, fileName.length]]), fileName, Buffer.from(data))
    directory.push(record(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], [10, 2, method], [20, 4, data.length], [24, 4, size], [28, 2, fileName.length], [42, 4, offset]]), fileName)
    offset += 30 + fileName.length + data.length
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0)
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, directorySize], [16, 4, offset]])
  return Buffer.concat([...parts, ...directory, end])
}

/**
 * Raw deflate data of `mib` MiB of spaces, about 1 KB per MiB: one MiB deflated and flushed to a byte
 * boundary without ending the stream, repeated (its back-references only ever point at spaces), then
 * an empty final block.
 */
function deflatedSpaces(mib: number): Buffer {
  const piece = zlib.deflateRawSync(Buffer.alloc(MiB, 0x20), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH })
  return Buffer.concat([...Array<Buffer>(mib).fill(piece), Buffer.from([0x03, 0x00])])
}

/** Watches the event loop (this process is the server's) and the process's memory while `work` runs. */
async function watching<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number; peakRss: number; ms: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  let peakRss = process.memoryUsage().rss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10)
  delay.enable()
  const start = performance.now()
  try {
    const result = await work()
    return { result, maxDelayMs: delay.max / 1e6, peakRss: Math.max(peakRss, process.memoryUsage().rss), ms: performance.now() - start }
  } finally {
    delay.disable()
    clearInterval(sampler)
  }
}

describe('an import that would cost too much is refused, in a worker thread, without slowing anyone else', () => {
  const suite = serverSuite()
  const importFile = (title: string, type: string, body: Uint8Array | string) =>
    fetch(`${suite.server.url}/api/documents/import?title=${encodeURIComponent(title)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${suite.server.people.chair.token}`, 'content-type': type },
      body: new Blob([body as BlobPart]),
    })
  const answer = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error?: string; message?: string; document?: { id: string }; warnings?: string[] }) })

  beforeAll(async () => {
    // The first import starts the worker (about a second); the figures below are about reading.
    expect((await importFile('warm-up', 'text/markdown', 'Warm-up.')).status).toBe(201)
  })

  it('refuses a 70 KB .docx of 8 million empty paragraphs at once with 422 import_too_complex', async () => {
    const bomb = docxOf('<w:p/>'.repeat(8_000_000))
    expect(bomb.length).toBeLessThan(100 * 1024)
    const before = (await suite.server.storage.listDocuments()).length
    const { result, ms } = await watching(async () => answer(await importFile('Bomb', DOCX, bomb)))
    expect(result.status).toBe(422)
    expect(result.error).toBe('import_too_complex')
    expect(result.message).toContain('more than 200000 XML elements')
    expect(ms).toBeLessThan(3000)
    expect((await suite.server.storage.listDocuments()).length).toBe(before)
  })

  it('keeps answering /healthz and relaying a colleague’s edits while a large Word file is read', async () => {
    const large = docxOf(formattedParagraphs(5_000))
    const swiss = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.swiss.token })
    const brazil = connectClient(suite.server.wsUrl, suite.server.docIds.dgResponse, { token: suite.server.people.brazil.token })
    try {
      await Promise.all([swiss.synced, brazil.synced])
      let answeredAt = Infinity
      let editSeenAt = Infinity
      const health: number[] = []
      const { result, maxDelayMs } = await watching(async () => {
        const pending = importFile('Large', DOCX, large).then(async (res) => {
          answeredAt = performance.now()
          return answer(res)
        })
        await new Promise((r) => setTimeout(r, 100))
        insertNear(swiss.doc, 'I wish to thank the outgoing Chairperson', 0, 'Noted during an import. ')
        void waitFor(() => expect(brazil.doc.getXmlFragment('default').toString()).toContain('Noted during an import.'), { timeout: 20_000 }).then(() => (editSeenAt = performance.now()))
        while (answeredAt === Infinity) {
          const asked = performance.now()
          expect((await fetch(`${suite.server.url}/healthz`)).status).toBe(200)
          health.push(performance.now() - asked)
          await new Promise((r) => setTimeout(r, 50))
        }
        return pending
      })
      expect(result.status).toBe(201)
      expect(health.length).toBeGreaterThan(3)
      expect(Math.max(...health)).toBeLessThan(200)
      expect(editSeenAt).toBeLessThan(answeredAt)
      expect(maxDelayMs).toBeLessThan(200)
      const text = ((await (await fetch(`${suite.server.url}/api/documents/${result.document!.id}/content`, { headers: { authorization: `Bearer ${suite.server.people.chair.token}` } })).json()) as { text: string }).text
      expect(text.split('\n')).toHaveLength(5_000)
    } finally {
      swiss.destroy()
      brazil.destroy()
    }
  })

  it('refuses a gigabyte of spaces zipped into 1 MB with 413, whether the zip admits its size or lies about it, without the server’s memory growing', async () => {
    const spaces = deflatedSpaces(1024)
    const bombWith = (declared: number) =>
      handmadeZip([
        { name: '[Content_Types].xml', data: strToU8(CONTENT_TYPES), method: 0, size: CONTENT_TYPES.length },
        { name: '_rels/.rels', data: strToU8(RELS), method: 0, size: RELS.length },
        { name: 'word/document.xml', data: spaces, method: 8, size: declared },
      ])
    const rssBefore = process.memoryUsage().rss
    for (const declared of [1024 * MiB, 1024]) {
      const { result, peakRss, ms } = await watching(async () => answer(await importFile('Spaces', DOCX, bombWith(declared))))
      expect(result.status).toBe(413)
      expect(result.error).toBe('import_too_large')
      expect(result.message).toContain(`unzips to more than ${50 * MiB} bytes`)
      expect(ms).toBeLessThan(3000)
      expect(peakRss - rssBefore).toBeLessThan(150 * MiB)
    }
  })

  it('reads a 20,000-link Markdown file in the worker without holding the event loop, and refuses 100,000 links with 422', async () => {
    const links = (count: number) => Array.from({ length: count }, (_, i) => `[link ${i}](https://example.org/${i})`).join(' ')
    const read = await watching(async () => answer(await importFile('Links', 'text/markdown', links(20_000))))
    expect(read.result.status).toBe(201)
    expect(read.result.warnings).toEqual([])
    expect(read.maxDelayMs).toBeLessThan(200)
    const refused = await watching(async () => answer(await importFile('More links', 'text/markdown', links(100_000))))
    expect(refused.result.status).toBe(422)
    expect(refused.result.error).toBe('import_too_complex')
    expect(refused.result.message).toContain('more than 200000 elements')
    expect(refused.maxDelayMs).toBeLessThan(200)
    // One warning per link refused (ftp: is not allowed) would be 200: the answer keeps 50 and counts the rest.
    const warned = await answer(await importFile('Warnings', 'text/markdown', Array.from({ length: 200 }, (_, i) => `[old ${i}](ftp://example.org/${i})`).join(' ')))
    expect(warned.status).toBe(201)
    expect(warned.warnings).toHaveLength(51)
    expect(warned.warnings!.at(-1)).toBe('… and 150 more warnings')
  })
})

describe('the import worker pool', () => {
  const large = docxOf(formattedParagraphs(3_000))
  const pool = (limits: Partial<typeof IMPORT_LIMITS>) => new ImportPool({ ...IMPORT_LIMITS, ...limits })
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { status?: number; code?: string; message: string }) => ({ status: error.status, code: error.code, message: error.message }))

  it('ends a worker past the time limit or the heap limit with 422 import_too_complex, and reads the next file', async () => {
    const slow = pool({ timeLimitMs: 300 })
    const started = performance.now()
    expect(await refusal(slow.read('docx', large))).toEqual({ status: 422, code: 'import_too_complex', message: expect.stringContaining('took longer than 0.3 s') })
    expect(performance.now() - started).toBeLessThan(1000)

    const small = pool({ memoryMb: 32 })
    expect(await refusal(small.read('docx', large))).toEqual({ status: 422, code: 'import_too_complex', message: expect.stringContaining('needed more than 32 MB of memory') })
    const next = await small.read('markdown', strToU8('1. After the worker ran out of memory.'))
    expect(next.update.byteLength).toBeGreaterThan(0)
  })

  it('reads one file at a time, lets a few wait, answers 503 import_busy past them, and stops a file whose client went away', async () => {
    const busy = pool({ concurrency: 1, maxWaiting: 1 })
    const gone = new AbortController()
    const first = refusal(busy.read('docx', large, gone.signal))
    const second = busy.read('markdown', strToU8('Waiting its turn.'))
    expect(await refusal(busy.read('markdown', strToU8('One too many.')))).toEqual({ status: 503, code: 'import_busy', message: expect.any(String) })
    const abandonedAt = performance.now()
    gone.abort()
    expect((await first)?.message).toContain('abandoned')
    // The abandoned file's worker is ended at once, and the waiting one starts.
    expect((await second).update.byteLength).toBeGreaterThan(0)
    expect(performance.now() - abandonedAt).toBeLessThan(5000)
  })
})
