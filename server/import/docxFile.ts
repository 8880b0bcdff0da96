import { inflateRawSync } from 'node:zlib'
import { readZipDirectory, type ZipEntry } from './zipDirectory.js'

/** A .docx as mammoth reads it when given one (its `file` input): whether a part exists, and its content. */
export interface DocxFile {
  exists(name: string): boolean
  read(name: string, encoding?: string): Promise<string | Uint8Array>
}

/**
 * The parts of a .docx, read from the entries readZipDirectory lists (the ones inspectDocx counted
 * before: nothing else can be read), with every part read as text passed through `rewrite` (its
 * name and text in, the text mammoth gets out). Parts are inflated when read, not before.
 */
export function docxFile(zip: Uint8Array, rewrite: (name: string, text: string) => string = (_name, text) => text): DocxFile {
  // The worker checked the limits already (inspectDocx); only the layout is read here.
  const entries = new Map<string, ZipEntry>(readZipDirectory(zip, { maxUnzippedBytes: Infinity, maxZipEntries: Infinity }).map((e) => [e.name, e]))
  const bytesOf = (entry: ZipEntry) => {
    const data = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize)
    return entry.method === 0 ? data : new Uint8Array(inflateRawSync(data))
  }
  return {
    exists: (name) => entries.has(name),
    async read(name, encoding) {
      const entry = entries.get(name)
      if (!entry) throw new Error(`the Word file has no part "${name.slice(0, 60)}"`)
      const bytes = bytesOf(entry)
      if (encoding === 'base64') return Buffer.from(bytes).toString('base64')
      return encoding ? rewrite(name, new TextDecoder(encoding).decode(bytes)) : bytes
    },
  }
}
