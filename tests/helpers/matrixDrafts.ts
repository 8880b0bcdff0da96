import * as Y from 'yjs'
import type { TestServer } from './testServer.js'
import { docOf, li, ol, p, yDocOf } from './amendmentDocs.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

/** A new draft titled "Draft <id>" in the example group, with three numbered paragraphs, open to co-editing. */
export async function threeParagraphDraft(server: TestServer): Promise<string> {
  const id = newDocumentId()
  const { ydoc } = yDocOf(docOf(ol(li(p('The Working Group met six times.')), li(p('Members welcomed the report.')), li(p('The Council takes note.')))))
  await server.storage.createDocument({ id, groupId: EXAMPLE_GROUP_ID, title: `Draft ${id}`, initialUpdate: Y.encodeStateAsUpdate(ydoc) })
  return id
}

/** The cells of every row of a Word table, as text (a cell's paragraphs joined). */
export const wordRows = (xml: string) =>
  [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((m) => [...m[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '').replaceAll('&quot;', '"').replaceAll('&amp;', '&')))
