import { z } from 'zod'
import type { User } from '../auth/AccountStore.js'
import type { GroupStore, StoredTemplate } from './GroupStore.js'
import type { Scopes } from '../auth/scopes.js'
import { route } from '../http/route.js'
import { download } from '../http/download.js'
import { DomainError, notFound } from '../http/DomainError.js'
import { readWordTemplate, TEMPLATE_LIMITS, type WordTemplate } from '../export/wordTemplate.js'
import type { WordTemplateView } from '../../shared/types.js'
import { documentSchema } from '../../shared/schema/extensions.js'
import { toDocx } from '../export/toDocx.js'

const GroupParams = z.object({ id: z.string() })
const DOTX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.template'
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** The page size a template's <w:pgSz/> names, as a person would ("A4", "Letter"), or its size in cm. */
function pageName(pageSize: string | undefined): string {
  const twips = (a: string) => Number(new RegExp(`w:${a}="(\\d+)"`).exec(pageSize ?? '')?.[1] ?? 0)
  const [w, h] = [twips('w'), twips('h')].sort((a, b) => a - b)
  if (!w) return ''
  const near = (a: number, b: number) => Math.abs(a - b) < 60
  if (near(w, 11906) && near(h, 16838)) return 'A4'
  if (near(w, 12240) && near(h, 15840)) return 'Letter'
  const cm = (t: number) => (t / 567).toFixed(1)
  return `${cm(w)} × ${cm(h)} cm`
}

/** What a template's stored form tells whoever looks at the group's settings. */
function viewOf(stored: StoredTemplate, parts: WordTemplate, uploadedBy: string): WordTemplateView {
  return {
    name: stored.name,
    uploadedAt: new Date(stored.uploadedAt).toISOString(),
    uploadedBy,
    font: parts.font,
    page: pageName(parts.pageSize),
    header: !!(parts.headers.default || parts.headers.first),
    footer: !!(parts.footers.default || parts.footers.first),
  }
}

/** A file name for the template, from the one the chair gave (the query's name), kept to what a file system takes. */
const FileName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^\p{Cc}\p{Cf}\u2028\u2029/\\:*?"<>|]+\.(docx|dotx)$/iu, 'name is the file name, ending in .docx or .dotx (no control or direction characters)')

/** A template whose styles cannot be read would break every export of the group: it is tried on a one-line paper first (422 when it fails). */
async function tryTemplate(template: WordTemplate): Promise<void> {
  const paper = documentSchema().nodeFromJSON({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Plenary' }] }] })
  try {
    await toDocx(paper, 'Plenary', [], { template })
  } catch (error) {
    throw new DomainError('unprocessable', 'not_a_word_template', `not a Word template: its styles could not be read (${(error as Error).message.slice(0, 200)})`)
  }
}

/**
 * Templates by group, read from the store and parsed once per upload (the cache keys on the time it
 * was uploaded, so another node's upload is seen at its next export).
 */
export class WordTemplates {
  private readonly parsed = new Map<string, { at: number; parts: WordTemplate }>()

  constructor(private readonly groups: GroupStore) {}

  async of(groupId: string): Promise<WordTemplate | undefined> {
    // Every export asks: the file itself (up to 5 MiB) is read only when the template changed.
    const at = await this.groups.wordTemplateUploadedAt(groupId)
    if (at === undefined) return undefined
    const cached = this.parsed.get(groupId)
    if (cached?.at === at) return cached.parts
    const stored = await this.groups.wordTemplate(groupId)
    if (!stored) return undefined
    const parts = JSON.parse(stored.parts) as WordTemplate
    this.parsed.set(groupId, { at: stored.uploadedAt, parts })
    return parts
  }
}

/**
 * A group's Word template: the chair (or an admin) uploads a .docx or .dotx as the body of PUT
 * /api/groups/:id/template?name=…; Word and PDF exports of the group's documents then take its
 * styles, page, header and footer (wordTemplate.ts). Anyone in the group sees which template is set
 * and may download it; DELETE goes back to Plenary's built-in template.
 */
export function templateRoutes(deps: { groups: GroupStore; scopes: Scopes; names: (userId: string) => Promise<string> }) {
  const { groups, scopes } = deps
  const scope = ({ user, params }: { user: User; params: { id: string } }) => scopes.group(user, params.id)
  const view = async (groupId: string) => {
    const stored = await groups.wordTemplate(groupId)
    return { template: stored ? viewOf(stored, JSON.parse(stored.parts) as WordTemplate, await deps.names(stored.uploadedBy)) : null }
  }
  return [
    route({
      method: 'GET',
      url: '/api/groups/:id/template',
      summary: 'The group’s Word template (its name, who uploaded it and when, its font and page), or null when exports use Plenary’s built-in template',
      params: GroupParams,
      action: 'group.read',
      scope,
      handler: ({ params }) => view(params.id),
    }),
    route({
      method: 'GET',
      url: '/api/groups/:id/template/file',
      summary: 'The group’s Word template as uploaded',
      params: GroupParams,
      action: 'group.read',
      scope,
      handler: async ({ reply, params }) => {
        const stored = await groups.wordTemplate(params.id)
        if (!stored) throw notFound('template_not_found', 'this group has no Word template')
        return download(reply, stored.name, /\.dotx$/i.test(stored.name) ? DOTX_TYPE : DOCX_TYPE, Buffer.from(stored.file))
      },
    }),
    route({
      method: 'PUT',
      url: '/api/groups/:id/template',
      summary: `Sets the group’s Word template: the .docx or .dotx file is the body (at most ${TEMPLATE_LIMITS.maxBytes} bytes), ?name= its file name; Word and PDF exports take its styles, page size and margins, header and footer`,
      params: GroupParams,
      querystring: z.object({ name: FileName }),
      rawBody: true,
      bodyLimit: TEMPLATE_LIMITS.maxBytes,
      action: 'group.template',
      scope,
      handler: async ({ req, user, params, query, body }) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
        if (type !== DOCX_TYPE && type !== DOTX_TYPE && type !== 'application/octet-stream')
          throw new DomainError('unsupported', 'unsupported_media_type', `send the template as ${DOTX_TYPE} or ${DOCX_TYPE}`)
        const file = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
        const parts = readWordTemplate(file)
        await tryTemplate(parts)
        await groups.setWordTemplate(params.id, { name: query.name, file, parts: JSON.stringify(parts), uploadedAt: Date.now(), uploadedBy: user.id })
        return view(params.id)
      },
    }),
    route({
      method: 'DELETE',
      url: '/api/groups/:id/template',
      summary: 'Removes the group’s Word template: exports go back to Plenary’s built-in template',
      params: GroupParams,
      action: 'group.template',
      scope,
      handler: async ({ params }) => {
        await groups.setWordTemplate(params.id, null)
        return { template: null }
      },
    }),
  ]
}
