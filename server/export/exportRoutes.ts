import { z } from 'zod'
import type { FastifyReply } from 'fastify'
import type { Scopes } from '../auth/scopes.js'
import type { User } from '../auth/AccountStore.js'
import { route } from '../http/route.js'
import { download } from '../http/download.js'
import { DocumentParams, VersionParams } from '../workspace/documentParams.js'
import { DocumentExports, type ExportDeps, type ExportFile } from './DocumentExports.js'
import { PROPOSALS_SHOWN } from './withProposals.js'
import type { PdfConverter } from './pdf/PdfConverter.js'
import { authorize } from '../auth/access.js'
import type { Actor } from '../../shared/permissions.js'

const send = (reply: FastifyReply, file: ExportFile) => download(reply, file.name, file.type, file.body)

/** Aborts when the request's connection closes: a PDF nobody waits for any more is not made. */
function whileWaited(reply: FastifyReply): AbortSignal {
  const gone = new AbortController()
  reply.raw.once('close', () => gone.abort())
  return gone.signal
}

const proposals = (byDefault: string) =>
  z
    .enum(PROPOSALS_SHOWN)
    .optional()
    .describe(`open proposals: tracked (Word tracked changes; in Markdown CriticMarkup {++ ++} {-- --}), clean (the agreed text) or accepted (as if all were accepted); default ${byDefault}`)

const MODERATION_COPY = z
  .literal('1')
  .optional()
  .describe("1: the chair's moderation copy: every message, each withheld or hidden one marked with its state and the chair's reason (403 for anyone else)")

/** The Word export's query, which its PDF shares: the same paper in either format. */
const WORD_QUERY = z.object({ comments: z.string().optional().describe('1: the comment threads the caller may see, as Word comments on their passages'), proposals: proposals('tracked'), moderation: MODERATION_COPY })

/** A saved version's Word export's query, which its PDF shares. */
const VERSION_WORD_QUERY = z.object({ proposals: proposals('tracked') })

/** The comments matrix's query: the moderation copy, and the round it compiles. */
const MATRIX_QUERY = z.object({
  moderation: MODERATION_COPY,
  round: z.string().trim().min(1).max(100).optional().describe('the comment round the matrix compiles ("First reading"), written in its header and file name'),
})

/** Whether the chair asked for the moderation copy; 403 when someone else does. */
function moderationCopy(actor: Actor, query: { moderation?: '1' }): boolean {
  if (query.moderation !== '1') return false
  authorize(actor, 'comment.moderate')
  return true
}

/** Downloads: a document or one of its versions as Word, PDF or Markdown, and its comments table as CSV or Word. */
export function exportRoutes({ scopes, pdf, ...deps }: ExportDeps & { scopes: Scopes; pdf: PdfConverter }) {
  const exports = new DocumentExports(deps)
  const onDocument = ({ user, params }: { user: User; params: { id: string } }) => scopes.document(user, params.id)
  return [
    route({
      method: 'GET',
      url: '/api/documents/:id/export.docx',
      summary: 'The document as a Word file with Word numbering and open proposals as tracked changes; ?comments=1 adds the visible threads as Word comments; ?proposals=clean gives the agreed text',
      params: DocumentParams,
      querystring: WORD_QUERY,
      action: 'document.read',
      scope: onDocument,
      handler: async ({ reply, user, query, scope }) => send(reply, await exports.word(user, scope.doc, query.comments === '1', query.proposals, moderationCopy(scope.actor, query))),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/export.pdf',
      summary: 'The document as PDF: its Word export (same query) converted by LibreOffice; 503 pdf_unavailable without LibreOffice, pdf_busy when conversions queue, 504 pdf_timeout',
      params: DocumentParams,
      querystring: WORD_QUERY,
      action: 'document.read',
      scope: onDocument,
      handler: async ({ reply, user, query, scope }) => {
        const moderation = moderationCopy(scope.actor, query)
        return send(reply, await pdf.pdfOf(() => exports.word(user, scope.doc, query.comments === '1', query.proposals, moderation), whileWaited(reply), user.id))
      },
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/export.md',
      summary: 'The document as Markdown, numbered as on screen: the agreed text, or ?proposals=tracked|accepted',
      params: DocumentParams,
      querystring: z.object({ proposals: proposals('clean') }),
      action: 'document.read',
      scope: onDocument,
      handler: async ({ reply, query, scope }) => send(reply, await exports.markdown(scope.doc, query.proposals)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/comments.csv',
      summary: 'The comments matrix (the threads and proposals the caller may see, with their dispositions) as CSV, sorted by paragraph',
      params: DocumentParams,
      querystring: MATRIX_QUERY,
      action: 'document.read',
      scope: onDocument,
      handler: async ({ reply, user, query, scope }) => send(reply, await exports.commentsCsv(user, scope.doc, moderationCopy(scope.actor, query), query.round)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/comments.docx',
      summary: 'The comments matrix (the threads and proposals the caller may see, with their dispositions) as a landscape Word table, sorted by paragraph, headed by the title, ?round= and the date',
      params: DocumentParams,
      querystring: MATRIX_QUERY,
      action: 'document.read',
      scope: onDocument,
      handler: async ({ reply, user, query, scope }) => send(reply, await exports.commentsWord(user, scope.doc, moderationCopy(scope.actor, query), query.round)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/versions/:versionId/export.docx',
      summary: 'A saved version as a Word file, its open proposals as tracked changes (?proposals as for the document)',
      params: VersionParams,
      querystring: VERSION_WORD_QUERY,
      action: 'version.read',
      scope: onDocument,
      handler: async ({ reply, params, query, scope }) => send(reply, await exports.versionWord(scope.doc, params.versionId, query.proposals)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/versions/:versionId/export.pdf',
      summary: 'A saved version as PDF: its Word export (same query) converted by LibreOffice; 503 pdf_unavailable without LibreOffice, pdf_busy when conversions queue, 504 pdf_timeout',
      params: VersionParams,
      querystring: VERSION_WORD_QUERY,
      action: 'version.read',
      scope: onDocument,
      handler: async ({ reply, user, params, query, scope }) => send(reply, await pdf.pdfOf(() => exports.versionWord(scope.doc, params.versionId, query.proposals), whileWaited(reply), user.id)),
    }),
    route({
      method: 'GET',
      url: '/api/documents/:id/versions/:versionId/export.md',
      summary: 'A saved version as Markdown, the agreed text (?proposals as for the document)',
      params: VersionParams,
      querystring: z.object({ proposals: proposals('clean') }),
      action: 'version.read',
      scope: onDocument,
      handler: async ({ reply, params, query, scope }) => send(reply, await exports.versionMarkdown(scope.doc, params.versionId, query.proposals)),
    }),
  ]
}
