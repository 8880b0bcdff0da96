import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import type { GroupStore } from '../groups/GroupStore.js'
import type { DocumentStore } from '../documents/DocumentStore.js'
import { DOCUMENT_FIELD, documentSchema } from '../../shared/schema/extensions.js'
import { importUnText } from '../../shared/import/importUnText.js'
import { newDocumentId } from '../workspace/workspaceRoutes.js'

export const EXAMPLE_GROUP_NAME = 'Working Group on IOM-UN Relations and the IOM Strategy'
export const CHAIR_REPORT_TITLE = "Chairperson's Report"
export const DG_RESPONSE_TITLE = "Director General's Response"

const SEED_FILE = fileURLToPath(new URL('../../shared/fixtures/dg-response-council-105.txt', import.meta.url))

const text = (t: string): JSONContent[] => [{ type: 'text', text: t }]
const heading = (level: number, t: string): JSONContent => ({ type: 'heading', attrs: { level }, content: text(t) })
const numbered = (t: string): JSONContent => ({
  type: 'orderedList',
  content: [{ type: 'listItem', content: [{ type: 'paragraph', content: text(t) }] }],
})

/** The Chairperson's report as it starts: an outline to be written. */
export function chairReportOutline(): JSONContent {
  return {
    type: 'doc',
    content: [
      heading(1, `Chairperson's Report on the ${EXAMPLE_GROUP_NAME}`),
      heading(2, 'Introduction'),
      numbered('[Mandate of the Working Group and the meetings held.]'),
      heading(2, 'Findings'),
      numbered('[Findings of the Working Group.]'),
      heading(2, 'Recommendations'),
      numbered('[Recommendations to the Council.]'),
    ],
  }
}

/** The Director General's response, imported from the conference room paper's text: its content and its header fields. */
export const dgResponse = () => importUnText(fs.readFileSync(SEED_FILE, 'utf8'))

/** The Director General's response's content. */
export const dgResponseDocument = (): JSONContent => dgResponse().doc

/** A Yjs update that creates a document with this ProseMirror content. */
export function initialUpdate(content: JSONContent): Uint8Array {
  return initialContent(content).update
}

/** The update that creates a document with this content, and the Yjs client id that wrote it (for attribution). */
export function initialContent(content: JSONContent): { update: Uint8Array; clientId: number } {
  const doc = prosemirrorJSONToYDoc(documentSchema(), content, DOCUMENT_FIELD)
  const update = Y.encodeStateAsUpdate(doc)
  const clientId = doc.clientID
  doc.destroy()
  return { update, clientId }
}

export const EXAMPLE_GROUP_ID = 'iom-un-relations'

/** Creates the example working group and its two documents in an empty database. */
export async function seedExampleWorkspace(storage: DocumentStore, groups: GroupStore): Promise<boolean> {
  if ((await groups.listGroups()).length) return false
  const groupId = EXAMPLE_GROUP_ID
  await groups.createGroup({ id: groupId, name: EXAMPLE_GROUP_NAME })
  await storage.createDocument({ id: newDocumentId(), groupId, title: CHAIR_REPORT_TITLE, initialUpdate: initialUpdate(chairReportOutline()) })
  const { doc, paper } = dgResponse()
  const dg = await storage.createDocument({ id: newDocumentId(), groupId, title: DG_RESPONSE_TITLE, initialUpdate: initialUpdate(doc) })
  await storage.setPaper(dg.id, paper)
  return true
}
