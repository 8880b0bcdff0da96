import { tooComplex, tooLarge, unreadableDocx, type ImportLimits } from './importLimits.js'

/** One file inside a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string
  /** 0: stored, 8: deflated (the only two a .docx uses, and the only two mammoth's jszip reads). */
  method: number
  compressedSize: number
  /** As declared; it can lie, so the worker also counts what inflating really gives. */
  uncompressedSize: number
  /** Where the entry's data starts in the file. */
  dataStart: number
}

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const MAX_16 = 0xffff
const MAX_32 = 0xffffffff

/**
 * Reads a zip's central directory without inflating anything, the way jszip (which mammoth uses)
 * finds it: the last end-of-directory record, then entries one after another while their signature
 * matches, each entry's data after its local header. Only a plain layout is accepted (the directory
 * ends where the end record starts, no ZIP64, no split archive, no encryption), so jszip can only
 * see the entries listed here. Throws 413 when the declared sizes add up past maxUnzippedBytes.
 * Cheap: it reads a few bytes per entry, and at most maxZipEntries entries.
 */
export function readZipDirectory(zip: Uint8Array, limits: Pick<ImportLimits, 'maxUnzippedBytes' | 'maxZipEntries'>): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const u16 = (at: number) => (at + 2 <= zip.byteLength ? view.getUint16(at, true) : -1)
  const u32 = (at: number) => (at + 4 <= zip.byteLength ? view.getUint32(at, true) : -1)

  let end = -1
  for (let at = zip.byteLength - 22; at >= Math.max(0, zip.byteLength - 22 - MAX_16); at--) {
    if (u32(at) === END_OF_DIRECTORY) {
      end = at
      break
    }
  }
  if (end === -1) throw unreadableDocx('it is not a zip archive')
  const [disk, directoryDisk, entriesHere, entriesTotal] = [u16(end + 4), u16(end + 6), u16(end + 8), u16(end + 10)]
  const [directorySize, directoryStart] = [u32(end + 12), u32(end + 16)]
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entriesTotal) throw unreadableDocx('split zip archives are not supported')
  if (entriesTotal === MAX_16 || directorySize === MAX_32 || directoryStart === MAX_32) throw unreadableDocx('ZIP64 archives are not supported')
  if (directoryStart + directorySize !== end) throw unreadableDocx('the zip directory is not where the archive says')

  const entries: ZipEntry[] = []
  let declared = 0
  let at = directoryStart
  while (u32(at) === DIRECTORY_ENTRY) {
    if (entries.length === limits.maxZipEntries) throw tooComplex(`the Word file holds more than ${limits.maxZipEntries} files`)
    const flags = u16(at + 8)
    const method = u16(at + 10)
    const compressedSize = u32(at + 20)
    const uncompressedSize = u32(at + 24)
    const nameLength = u16(at + 28)
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32)
    const local = u32(at + 42)
    if (next > end || local < 0 || local >= directoryStart) throw unreadableDocx('its zip directory is damaged')
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength))
    if (flags & 1) throw unreadableDocx('it is encrypted (password-protected)')
    if (compressedSize === MAX_32 || uncompressedSize === MAX_32) throw unreadableDocx('ZIP64 archives are not supported')
    if (method !== 0 && method !== 8) throw unreadableDocx(`"${name.slice(0, 60)}" uses an unknown compression`)
    if (u32(local) !== LOCAL_HEADER) throw unreadableDocx('its zip directory is damaged')
    const dataStart = local + 30 + u16(local + 26) + u16(local + 28)
    if (dataStart + compressedSize > directoryStart) throw unreadableDocx(`"${name.slice(0, 60)}" is cut short`)
    declared += method === 0 ? compressedSize : uncompressedSize
    if (declared > limits.maxUnzippedBytes) throw tooLarge(`the Word file unzips to more than ${limits.maxUnzippedBytes} bytes`)
    entries.push({ name, method, compressedSize, uncompressedSize, dataStart })
    at = next
  }
  if (at !== end) throw unreadableDocx('its zip directory is damaged')
  return entries
}
