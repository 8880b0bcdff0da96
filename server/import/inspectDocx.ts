import { createInflateRaw } from 'node:zlib'
import { DomainError } from '../http/DomainError.js'
import { tooComplex, tooLarge, unreadableDocx, type ImportLimits } from './importLimits.js'
import { readZipDirectory } from './zipDirectory.js'

const LT = 0x3c

/** A byte that can start an element name after "<" (not "/", "?" or "!"): a start tag. */
const startsName = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x5f || byte === 0x3a || byte >= 0x80

/**
 * Counts XML start tags ("<w:p", "<w:p/>", "<a …") in a stream of bytes, chunk by chunk, with the
 * "<" that ends one chunk carried to the next. Counts every entry (mammoth finds the main document
 * through the relationships, so its name proves nothing); binary parts add a few false counts,
 * about one per kilobyte, which only makes the limit a little stricter.
 */
class StartTagCounter {
  count = 0
  private afterLt = false

  add(chunk: Buffer): void {
    if (this.afterLt && chunk.length && startsName(chunk[0])) this.count++
    for (let at = chunk.indexOf(LT); at !== -1; at = chunk.indexOf(LT, at + 1)) if (at + 1 < chunk.length && startsName(chunk[at + 1])) this.count++
    this.afterLt = chunk.length > 0 && chunk[chunk.length - 1] === LT
  }
}

/**
 * Checks a .docx before mammoth reads it: the declared sizes (readZipDirectory), then every entry
 * really inflated, as a stream whose pieces are counted and dropped, never kept: the bytes it unzips
 * to (413 past maxUnzippedBytes, however small the directory said they were) and its XML elements
 * (422 past maxXmlElements). Inflating stops at the first limit passed, so a zip bomb costs at most
 * maxUnzippedBytes of inflating, in 64 KB pieces.
 */
export async function inspectDocx(zip: Uint8Array, limits: ImportLimits): Promise<void> {
  const entries = readZipDirectory(zip, limits)
  const tags = new StartTagCounter()
  let unzipped = 0
  const take = (chunk: Buffer) => {
    unzipped += chunk.length
    if (unzipped > limits.maxUnzippedBytes) throw tooLarge(`the Word file unzips to more than ${limits.maxUnzippedBytes} bytes`)
    tags.add(chunk)
    if (tags.count > limits.maxXmlElements) throw tooComplex(`the Word file has more than ${limits.maxXmlElements} XML elements`)
  }
  for (const entry of entries) {
    const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize)
    if (entry.method === 0) {
      take(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
      continue
    }
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 })
    inflater.end(data)
    try {
      for await (const chunk of inflater) take(chunk as Buffer)
    } catch (error) {
      if (error instanceof DomainError) throw error
      throw unreadableDocx(`"${entry.name.slice(0, 60)}" cannot be unzipped`)
    } finally {
      inflater.destroy()
    }
  }
}
