import type { FastifyReply } from 'fastify'

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8'
export const CSV_TYPE = 'text/csv; charset=utf-8'

/**
 * A download's name from a document's title, as a secretariat would name the file: the title as
 * written (apostrophes, accents and all), then the parts ("2026-11-30", "comments"), each after
 * " - ". Only what file systems refuse (/ \\ : * ? " < > | and control characters) is replaced.
 */
export function downloadName(title: string, parts: string[], extension: string): string {
  const name = [title, ...parts].map((part) => part.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, '_').trim()).filter(Boolean).join(' - ')
  // Cut by characters, not UTF-16 units, and a lone surrogate made '_': the name must stay well-formed for the header.
  const characters = Array.from(name, (c) => (/^[\uD800-\uDFFF]$/.test(c) ? '_' : c))
  return `${characters.slice(0, 120).join('') || 'document'}.${extension}`
}

/**
 * A document's download name: its symbol first when it has one, as papers of record are filed
 * ("C_105_CRP_5 - Director General's Response - 2026-12-01.docx"), else its title first. `title`
 * is what names this file (a version's title, say); the document's own by default.
 */
export function documentFileName(doc: { title: string; paper: { symbol: string } }, parts: string[], extension: string, title = doc.title): string {
  return doc.paper.symbol ? downloadName(doc.paper.symbol, [title, ...parts], extension) : downloadName(title, parts, extension)
}

/** Today as the date part of a download's name (YYYY-MM-DD, UTC). */
export const exportDate = () => new Date().toISOString().slice(0, 10)

/** attachment; with an ASCII name for old clients and the exact name in UTF-8 (RFC 6266 / 5987) for every browser. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_')
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`
}

/** Answers with a file to download (never cached); a declared route returns what this returns. */
export function download(reply: FastifyReply, fileName: string, contentType: string, body: string | Buffer): FastifyReply {
  return reply
    .code(200)
    .headers({ 'Content-Type': contentType, 'Content-Disposition': contentDisposition(fileName), 'Cache-Control': 'no-store' })
    .send(body)
}
