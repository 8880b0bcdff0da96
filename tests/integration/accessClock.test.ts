import { describe, expect, it } from 'vitest'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'
import * as Y from 'yjs'
import { typeText } from '../helpers/bodyText.js'

/**
 * On PostgreSQL every node polls the access clock to know when rights may have changed elsewhere
 * (the admin command line, a node without Redis). It must move with every write that can change
 * someone's access, and stay still while people type and use their tokens: a clock that moved with
 * edits made each node re-decide every open connection twice a second while anyone typed.
 */
/** A Yjs update typing `text` into a new paragraph. */
function typed(text: string): Uint8Array {
  const doc = new Y.Doc()
  typeText(doc, 0, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('the PostgreSQL access clock', () => {
  const suite = storeSuite(STORE_ADAPTERS.find((a) => a.name === 'postgres')!)
  const clock = () => suite.stores.changeFeed.externalVersion()

  it('stays still for edits, renames and token use, and moves for every change of rights', async () => {
    const { documents, accounts, groups } = suite.stores
    const { groupId, userId } = await groupWithUser(suite.stores)
    const docId = unique('d')
    await documents.createDocument({ id: docId, groupId, title: 'Draft' })
    const token = await accounts.createToken(userId, 'ci')
    const before = await documents.getDocument(docId)

    let at = await clock()
    await documents.appendUpdates([{ docId, update: typed('typing'), userId }])
    await documents.renameDocument(docId, 'Draft 2')
    await accounts.tokenOwner(token.token)
    await accounts.setPreferences(userId, { emailDigest: true, language: 'fr' })
    expect(await clock()).toBe(at)
    // The edit still shows as the document's last change.
    expect((await documents.getDocument(docId))!.updatedAt).toBeGreaterThanOrEqual(before!.updatedAt)

    const changes: Array<[string, () => Promise<unknown>]> = [
      ['a role', () => groups.setMembership({ groupId, userId, role: 'observer', delegation: 'Brazil' })],
      ['edit rights', () => documents.setEditRoles(docId, ['chair'])],
      ['editing mode', () => documents.setMode(docId, 'amendments')],
      ['a revoked token', () => accounts.revokeToken({ id: token.id })],
      ['an administrator', () => accounts.setAdmin(userId, true)],
      ['a signed-out session', async () => accounts.deleteSession((await accounts.createSession(userId, 60_000)).sessionId)],
      ['a group setting', () => groups.setObserversMayComment(groupId, true)],
      ['a removal', () => groups.removeMembership(groupId, userId)],
      ['a deleted document', () => documents.deleteDocument(docId)],
    ]
    for (const [what, change] of changes) {
      await change()
      const now = await clock()
      expect(now, what).not.toBe(at)
      at = now
    }
  })
})
