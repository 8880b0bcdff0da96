import type { ServerResponse } from 'node:http'

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8'
export const CSV_TYPE = 'text/csv; charset=utf-8'

/** A title as a file name: letters, digits, spaces, dots and dashes only (others become "_"). */
export function safeFileName(title: string): string {
  return title.replace(/[^\w .-]+/g, '_').slice(0, 80) || 'document'
}

/** Sends a file as a download (never cached); returns null, as routes that write their own response do. */
export function sendDownload(res: ServerResponse, fileName: string, contentType: string, body: string | Buffer): null {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' })
  res.end(body)
  return null
}
