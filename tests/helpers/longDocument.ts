import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import type { JSONContent } from '@tiptap/core'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { api } from './http.js'
import { anchorOn } from './anchors.js'
import { connectClient, type YClient } from './yClient.js'
import { waitFor } from './waitFor.js'

/** The words that start numbered paragraph n of a long document (unique, so a thread can quote them). */
export const openingOf = (n: number) => `Paragraph ${n} opens here`

const FILLER =
  'The Working Group recalled the relevant resolutions of the Council and noted the views expressed by delegations on the arrangements, ' +
  'the resources required and the timetable proposed by the Director General, and requested further information before its next session.'

/**
 * A new document of `paragraphs` numbered paragraphs (about 4 to a printed page; 10 with length 1), written by the
 * chair through a real y-websocket client, with `threads` comment threads spread over them by
 * the people given, in turn: thread i quotes the opening of paragraph (i × paragraphs / threads) + 1,
 * so two threads may share a paragraph. Returns the document id and the chair's client, still
 * connected (to type with).
 */
export async function createLongDocument(
  server: { url: string; wsUrl: string },
  chair: { token: string },
  opts: { paragraphs: number; threads: number; by: Array<{ token: string }>; title?: string; /** Sentences of filler per paragraph (3 unless given). */ length?: number },
): Promise<{ docId: string; client: YClient; threadIds: string[] }> {
  const created = await api(server.url, 'POST', '/api/documents', { as: chair, body: { title: opts.title ?? 'Long draft' } })
  if (created.status !== 201) throw new Error(`document not created: ${created.status}`)
  const docId = created.json.id as string
  const client = connectClient(server.wsUrl, docId, { token: chair.token })
  await client.synced
  const items: JSONContent[] = Array.from({ length: opts.paragraphs }, (_, i) => ({
    type: 'listItem',
    content: [{ type: 'paragraph', content: [{ type: 'text', text: `${openingOf(i + 1)}. ${Array(opts.length ?? 3).fill(FILLER).join(' ')}` }] }],
  }))
  const fragment = client.doc.getXmlFragment(DOCUMENT_FIELD)
  client.doc.transact(() => {
    fragment.delete(0, fragment.length)
    prosemirrorJSONToYXmlFragment(documentSchema(), { type: 'doc', content: [{ type: 'orderedList', content: items }] }, fragment)
  })
  await waitFor(async () => {
    const content = await api(server.url, 'GET', `/api/documents/${docId}/content`, { as: chair })
    if (!String(content.json?.text).includes(openingOf(opts.paragraphs))) throw new Error('not stored yet')
  })
  const threadIds: string[] = []
  for (let i = 0; i < opts.threads; i++) {
    const n = Math.floor((i * opts.paragraphs) / opts.threads) + 1
    const res = await api(server.url, 'POST', `/api/documents/${docId}/threads`, {
      as: opts.by[i % opts.by.length],
      body: { anchor: anchorOn(client.doc, openingOf(n)), body: `Comment ${i + 1} on paragraph ${n}` },
    })
    if (res.status !== 201) throw new Error(`thread not created: ${res.status} ${JSON.stringify(res.json)}`)
    threadIds.push(res.json.id as string)
  }
  return { docId, client, threadIds }
}
