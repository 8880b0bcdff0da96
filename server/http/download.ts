import type { FastifyReply } from 'fastify'

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
export const MARKDOWN_TYPE = 'text/markdown; charset=utf-8'
export const CSV_TYPE = 'text/csv; charset=utf-8'

/** A title as a file name: letters, digits, spaces, dots and dashes only (others become "_"). */
export function safeFileName(title: string): string {
  return title.replace(/[^\w .-]+/g, '_').slice(0, 80) || 'document'
}

/** Answers with a file to download (never cached); a declared route returns what this returns. */
export function download(reply: FastifyReply, fileName: string, contentType: string, body: string | Buffer): FastifyReply {
  return reply
    .code(200)
    .headers({ 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' })
    .send(body)
}
