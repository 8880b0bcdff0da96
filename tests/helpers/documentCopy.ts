import * as Y from 'yjs'
import type { TestServer } from './testServer.js'
import { applyStoredContent } from '../../server/documents/applyStoredContent.js'
import { newDocumentId } from '../../server/workspace/workspaceRoutes.js'
import { EXAMPLE_GROUP_ID } from '../../server/seed/seedExampleWorkspace.js'

/** A fresh copy of the seeded DG response, so each test works on its own document. */
export async function copyOfDgResponse(server: TestServer, title = 'DG response (copy)'): Promise<string> {
  const seeded = new Y.Doc()
  applyStoredContent(seeded, await server.storage.loadContent(server.docIds.dgResponse))
  const id = newDocumentId()
  await server.storage.createDocument({ id, groupId: EXAMPLE_GROUP_ID, title, initialUpdate: Y.encodeStateAsUpdate(seeded) })
  seeded.destroy()
  return id
}
