import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { STORE_ADAPTERS, groupWithUser, storeSuite, unique } from '../helpers/storeAdapters.js'
import { typeText } from '../helpers/bodyText.js'
import type { ProposalRecord } from '../../server/amendments/AmendmentStore.js'
import type { VersionRecord } from '../../server/versions/VersionStore.js'
import { encodeDeleteSet, mergeEncodedDeleteSets } from '../../server/versions/deleteSets.js'

const HOUR = 3_600_000

/** A Yjs update typing `text`, and one deleting its first character, with that deletion's encoded delete set (as the server records it). */
function typedThenDeleted(text: string): { typed: Uint8Array; deleted: Uint8Array; deletes: Uint8Array } {
  const doc = new Y.Doc()
  typeText(doc, 0, text)
  const typed = Y.encodeStateAsUpdate(doc)
  let deleted: Uint8Array = new Uint8Array()
  let deletes: Uint8Array = new Uint8Array()
  doc.once('afterTransaction', (tr: Y.Transaction) => (deletes = encodeDeleteSet(tr.deleteSet)))
  doc.once('update', (u: Uint8Array) => (deleted = u))
  const paragraph = doc.getXmlFragment('default').get(0) as Y.XmlElement
  ;(paragraph.get(0) as Y.XmlText).delete(0, 1)
  return { typed, deleted, deletes }
}

describe.each(STORE_ADAPTERS)('every store method on $name', (adapter) => {
  const suite = storeSuite(adapter)

  it('documents: create, list, rename, edit roles, mode, delete', async () => {
    const { documents } = suite.stores
    const { groupId, userId } = await groupWithUser(suite.stores)
    const [a, b] = [unique('d'), unique('d')]
    const created = await documents.createDocument({ id: a, groupId, title: 'First', initialUpdate: typedThenDeleted('x').typed, userId, clientId: 42 })
    expect(created).toMatchObject({ id: a, groupId, title: 'First', editRoles: ['chair', 'member', 'dg-office'], mode: 'open' })
    expect(created.createdAt).toBe(created.updatedAt)
    await documents.createDocument({ id: b, groupId, title: 'Second' })
    expect((await documents.listDocuments(groupId)).map((d) => d.id)).toEqual([a, b])
    expect((await documents.listDocuments()).map((d) => d.id)).toEqual(expect.arrayContaining([a, b]))
    expect((await documents.loadContent(a)).lastSeq).toBe(1)
    expect(await documents.clientOwners(a)).toEqual(new Map([[42, userId]]))
    expect(await documents.renameDocument(a, 'Renamed')).toMatchObject({ title: 'Renamed' })
    expect(await documents.setEditRoles(a, ['chair'])).toMatchObject({ editRoles: ['chair'] })
    expect(await documents.setMode(a, 'amendments')).toMatchObject({ mode: 'amendments' })
    expect(await documents.getDocument(a)).toMatchObject({ title: 'Renamed', editRoles: ['chair'], mode: 'amendments' })
    expect(await documents.deleteDocument(a)).toBe(true)
    expect(await documents.deleteDocument(a)).toBe(false)
    expect(await documents.getDocument(a)).toBeUndefined()
    expect(await documents.renameDocument(a, 'Gone')).toBeUndefined()
    expect(await documents.setEditRoles(a, ['member'])).toBeUndefined()
    expect(await documents.setMode(a, 'open')).toBeUndefined()
    expect((await documents.listDocuments(groupId)).map((d) => d.id)).toEqual([b])
    // Its content stays for recovery.
    expect((await documents.loadContent(a)).updates).toHaveLength(1)
  })

  it('documents: the update log, client owners, deletions by user, compaction and sizes', async () => {
    const { documents } = suite.stores
    const { groupId, userId } = await groupWithUser(suite.stores)
    const docId = unique('d')
    await documents.createDocument({ id: docId, groupId, title: 'Log' })
    expect(await documents.loadContent(docId)).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
    expect(await documents.appendUpdates([])).toEqual(new Map())
    const { typed, deleted, deletes } = typedThenDeleted('hello')
    const seqs = await documents.appendUpdates(
      [{ docId, update: typed, userId }, { docId, update: deleted, userId: null, deletes }],
      [{ docId, clientId: 7, userId }, { docId, clientId: 8, userId: null }],
    )
    expect(seqs).toEqual(new Map([[docId, 2]]))
    expect(await documents.clientOwners(docId)).toEqual(new Map([[7, userId], [8, null]]))
    // A new claim on a client id replaces the older owner.
    await documents.appendUpdates([], [{ docId, clientId: 8, userId }])
    expect((await documents.clientOwners(docId)).get(8)).toBe(userId)
    const content = await documents.loadContent(docId)
    expect(content.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual([typed, deleted].map((u) => Buffer.from(u).toString('hex')))
    expect(content.lastSeq).toBe(2)
    expect(await documents.updatesAfter(docId, 1)).toEqual({ updates: [deleted], lastSeq: 2 })
    expect(await documents.updatesAfter(docId, 2)).toEqual({ updates: [], lastSeq: 2 })
    // A long log is read in batches: the first `limit` rows, and where to go on from.
    expect(await documents.loadContent(docId, 1)).toEqual({ snapshot: null, updates: [typed], lastSeq: 1 })
    expect(await documents.updatesAfter(docId, 0, 1)).toEqual({ updates: [typed], lastSeq: 1 })
    expect(await documents.snapshotSeq(docId)).toBe(0)
    expect(await documents.deletionsByUser(docId)).toEqual(new Map([['', [deletes]]]))
    expect(await documents.updatesAfterSnapshot(docId)).toBe(2)
    expect(await documents.updatesAfterSnapshot(docId, 1)).toBe(1)
    expect(await documents.snapshotBytes(docId)).toBe(0)
    expect(await documents.storedBytes(docId)).toBe(typed.byteLength + deleted.byteLength)

    const snapshot = Y.mergeUpdates([typed, deleted])
    await documents.compact(docId, snapshot, 2)
    expect(await documents.loadContent(docId)).toEqual({ snapshot, updates: [], lastSeq: 2 })
    expect(await documents.snapshotSeq(docId)).toBe(2)
    expect(await documents.snapshotBytes(docId)).toBe(snapshot.byteLength)
    expect(await documents.storedBytes(docId)).toBe(snapshot.byteLength)
    expect(await documents.updatesAfterSnapshot(docId)).toBe(0)
    // Who deleted what outlives the rows: folded, with later deletions of the same user merged in.
    expect(await documents.deletionsByUser(docId)).toEqual(new Map([['', [mergeEncodedDeleteSets([deletes])]]]))
    const later = typedThenDeleted('again')
    expect((await documents.appendUpdates([{ docId, update: later.deleted, userId, deletes: later.deletes }])).get(docId)).toBe(3)
    expect((await documents.deletionsByUser(docId)).get(userId)).toEqual([later.deletes])
    expect(await documents.loadContent(docId)).toEqual({ snapshot, updates: [later.deleted], lastSeq: 3 })
  })

  it('documents: stored updates read back byte for byte, whatever their bytes, in order, across read batches', async () => {
    const { documents } = suite.stores
    const { groupId } = await groupWithUser(suite.stores)
    const docId = unique('d')
    await documents.createDocument({ id: docId, groupId, title: 'Bytes' })
    // Zero bytes, bytes that are no UTF-8, lengths from 1 to 300, and more rows than one SQLite read batch (10,000).
    const rows = Array.from({ length: 10_050 }, (_, i) => Uint8Array.from({ length: 1 + (i % 300) }, (_, j) => (i * 31 + j * 7) % 256))
    await documents.appendUpdates(rows.map((update) => ({ docId, update })))
    const hex = (us: Uint8Array[]) => us.map((u) => Buffer.from(u).toString('hex'))
    const content = await documents.loadContent(docId)
    expect(content.lastSeq).toBe(rows.length)
    expect(hex(content.updates)).toEqual(hex(rows))
    const rest = await documents.updatesAfter(docId, 9_990, 20)
    expect(rest.lastSeq).toBe(10_010)
    expect(hex(rest.updates)).toEqual(hex(rows.slice(9_990, 10_010)))
    // The same as one batch: joined, with their lengths.
    const batch = await documents.logAfter(docId, 9_990, 20)
    expect(batch.lastSeq).toBe(10_010)
    expect(batch.lengths).toEqual(rows.slice(9_990, 10_010).map((u) => u.byteLength))
    expect(Buffer.from(batch.bytes).toString('hex')).toBe(hex(rows.slice(9_990, 10_010)).join(''))
    const after = await documents.logAfter(docId, rows.length, 20)
    expect([after.bytes.byteLength, after.lengths, after.lastSeq]).toEqual([0, [], rows.length])
  })

  it('accounts: users, e-mails, passwords and administrators', async () => {
    const { accounts } = suite.stores
    const before = await accounts.userCount()
    const email = `${unique('Mixed.Case')}@Test.Example`
    const user = await accounts.createUser({ email: `  ${email} `, name: ' Ana Lima ', passwordHash: 'hash1' })
    expect(user).toEqual({ id: user.id, email: email.toLowerCase(), name: 'Ana Lima', isAdmin: false })
    await expect(accounts.createUser({ email: email.toUpperCase(), name: 'Twin' })).rejects.toMatchObject({ code: 'email_taken' })
    expect(await accounts.userCount()).toBe(before + 1)
    expect(await accounts.userById(user.id)).toEqual(user)
    expect(await accounts.userById('nobody')).toBeUndefined()
    expect(await accounts.userByEmail(email)).toEqual({ ...user, passwordHash: 'hash1' })
    await accounts.setPassword(user.id, 'hash2')
    await accounts.setAdmin(user.id, true)
    expect(await accounts.userByEmail(email)).toEqual({ ...user, isAdmin: true, passwordHash: 'hash2' })
    await accounts.setAdmin(user.id, false)
    expect((await accounts.userById(user.id))!.isAdmin).toBe(false)
    // The daily digest: off until asked for, then listed with when the last one was made; no language until one is chosen.
    expect(await accounts.preferences(user.id)).toEqual({ emailDigest: false, language: null })
    await accounts.setPreferences(user.id, { emailDigest: true, language: 'es' })
    expect(await accounts.preferences(user.id)).toEqual({ emailDigest: true, language: 'es' })
    await expect(adapter.exec(suite.stores, `UPDATE users SET language = 'de' WHERE id = '${user.id}'`)).rejects.toThrow()
    expect((await accounts.digestRecipients()).find((r) => r.user.id === user.id)).toEqual({ user: { ...user, isAdmin: false }, lastDigestAt: null })
    await accounts.setLastDigestAt(user.id, 1_700_000_000_000)
    expect((await accounts.digestRecipients()).find((r) => r.user.id === user.id)?.lastDigestAt).toBe(1_700_000_000_000)
    await accounts.setPreferences(user.id, { emailDigest: false, language: 'es' })
    expect((await accounts.digestRecipients()).some((r) => r.user.id === user.id)).toBe(false)
  })

  it('accounts: sessions, access tokens and one-time sign-in links', async () => {
    const { accounts } = suite.stores
    const user = await accounts.createUser({ email: `${unique('s')}@test.example`, name: 'Sam' })
    const one = await accounts.createSession(user.id, HOUR)
    const two = await accounts.createSession(user.id, HOUR)
    expect(await accounts.session(one.sessionId)).toEqual({ userId: user.id, csrfToken: one.csrfToken, expiresAt: one.expiresAt })
    const expired = await accounts.createSession(user.id, -1)
    expect(await accounts.session(expired.sessionId)).toBeUndefined()
    await accounts.deleteSession(one.sessionId)
    expect(await accounts.session(one.sessionId)).toBeUndefined()
    expect(await accounts.session(two.sessionId)).toBeDefined()
    await accounts.deleteSessionsOf(user.id)
    expect(await accounts.session(two.sessionId)).toBeUndefined()

    const [t1, t2, t3] = [await accounts.createToken(user.id, 'ci'), await accounts.createToken(user.id, 'load'), await accounts.createToken(user.id, 'spare')]
    expect(await accounts.tokenOwner(t1.token)).toEqual({ id: t1.id, userId: user.id })
    expect(await accounts.tokenOwner('plt_unknown')).toBeUndefined()
    expect(await accounts.tokenActive(t1.id)).toBe(true)
    const listed = await accounts.tokensOf(user.id)
    expect(listed.map((t) => t.name)).toEqual(['ci', 'load', 'spare'])
    expect(listed[0]).toMatchObject({ id: t1.id, userId: user.id, revokedAt: null })
    expect(listed[0].lastUsedAt).toEqual(expect.any(Number))
    expect(listed[1].lastUsedAt).toBeNull()
    expect(await accounts.revokeToken({ token: t1.token })).toBe(true)
    expect(await accounts.revokeToken({ token: t1.token })).toBe(false)
    expect(await accounts.revokeToken({ id: t2.id, userId: 'someone-else' })).toBe(false)
    expect(await accounts.revokeToken({ id: t2.id, userId: user.id })).toBe(true)
    expect(await accounts.revokeToken({ id: t3.id })).toBe(true)
    expect(await accounts.tokenOwner(t1.token)).toBeUndefined()
    expect(await accounts.tokenActive(t3.id)).toBe(false)
    expect((await accounts.tokensOf(user.id)).every((t) => typeof t.revokedAt === 'number')).toBe(true)

    const link = await accounts.createSignInLink(user.id, HOUR)
    const [first, second] = await Promise.all([accounts.consumeSignInLink(link), accounts.consumeSignInLink(link)])
    expect([first, second].filter(Boolean)).toEqual([user.id])
    expect(await accounts.consumeSignInLink(await accounts.createSignInLink(user.id, -1))).toBeUndefined()
  })

  it('groups: settings, memberships, members and people', async () => {
    const { groups, accounts } = suite.stores
    const groupId = unique('g')
    await groups.createGroup({ id: groupId, name: 'Working Group' })
    expect(await groups.getGroup(groupId)).toEqual({ id: groupId, name: 'Working Group', observersMayComment: false, preModeration: false, timeZone: 'UTC' })
    expect((await groups.listGroups()).map((g) => g.id)).toContain(groupId)
    await groups.setObserversMayComment(groupId, true)
    await groups.setPreModeration(groupId, true)
    expect(await groups.getGroup(groupId)).toMatchObject({ observersMayComment: true, preModeration: true })
    await groups.setTimeZone(groupId, 'Europe/Zurich')
    expect(await groups.getGroup(groupId)).toMatchObject({ timeZone: 'Europe/Zurich' })
    const zoe = await accounts.createUser({ email: `${unique('z')}@test.example`, name: 'Zoe' })
    const bea = await accounts.createUser({ email: `${unique('b')}@test.example`, name: 'Bea' })
    const cid = await accounts.createUser({ email: `${unique('c')}@test.example`, name: 'Cid' })
    await groups.setMembership({ groupId, userId: zoe.id, role: 'member', delegation: 'Brazil' })
    await groups.setMembership({ groupId, userId: bea.id, role: 'member', delegation: 'Chile' })
    await groups.setMembership({ groupId, userId: cid.id, role: 'chair', delegation: 'Italy' })
    await groups.setMembership({ groupId, userId: zoe.id, role: 'observer', delegation: 'Brazil (observer)' })
    expect(await groups.membership(groupId, zoe.id)).toEqual({ groupId, userId: zoe.id, role: 'observer', delegation: 'Brazil (observer)' })
    expect(await groups.membershipsOf(bea.id)).toEqual([{ groupId, userId: bea.id, role: 'member', delegation: 'Chile' }])
    const byUser = (a: { userId: string }, b: { userId: string }) => a.userId.localeCompare(b.userId)
    expect((await groups.membershipsIn(groupId)).sort(byUser)).toEqual(
      [
        { groupId, userId: zoe.id, role: 'observer', delegation: 'Brazil (observer)' },
        { groupId, userId: bea.id, role: 'member', delegation: 'Chile' },
        { groupId, userId: cid.id, role: 'chair', delegation: 'Italy' },
      ].sort(byUser),
    )
    expect((await groups.members(groupId)).map((m) => [m.role, m.name, m.email])).toEqual([
      ['chair', 'Cid', cid.email],
      ['member', 'Bea', bea.email],
      ['observer', 'Zoe', zoe.email],
    ])
    expect(await groups.personIn(groupId, bea.id)).toEqual({ id: bea.id, name: 'Bea', delegation: 'Chile' })
    expect(await groups.removeMembership(groupId, bea.id)).toBe(true)
    expect(await groups.removeMembership(groupId, bea.id)).toBe(false)
    expect(await groups.membership(groupId, bea.id)).toBeUndefined()
    expect(await groups.personIn(groupId, bea.id)).toEqual({ id: bea.id, name: 'Bea', delegation: '' })
    expect(await groups.personIn(groupId, 'unknown')).toEqual({ id: 'unknown', name: 'Former member', delegation: '' })
  })

  it('invitations: created, read, used once, not after they expire', async () => {
    const { invitations } = suite.stores
    const { groupId, userId } = await groupWithUser(suite.stores)
    const inv = await invitations.createInvitation({ groupId, role: 'member', delegation: 'Peru', createdBy: userId, ttlMs: HOUR })
    expect(await invitations.invitation(inv.token)).toEqual({ groupId, role: 'member', delegation: 'Peru', expiresAt: inv.expiresAt, usedAt: null })
    const [a, b] = await Promise.all([invitations.useInvitation(inv.token, userId), invitations.useInvitation(inv.token, userId)])
    expect([a, b].filter(Boolean)).toHaveLength(1)
    expect((await invitations.invitation(inv.token))!.usedAt).toEqual(expect.any(Number))
    const old = await invitations.createInvitation({ groupId, role: 'observer', delegation: '', createdBy: userId, ttlMs: -1 })
    expect(await invitations.useInvitation(old.token, userId)).toBe(false)
    expect(await invitations.invitation('inv_unknown')).toBeUndefined()
  })

  it('comments: threads, messages, flags and the moderation queues', async () => {
    const { comments } = suite.stores.discussion
    const { groupId, userId } = await groupWithUser(suite.stores)
    const docId = unique('d')
    const anchor = { start: { a: 1 }, end: { a: 2 } }
    const quote = { exact: 'text', prefix: 'the ', suffix: '.' }
    const t1 = await comments.insertThread({ groupId, targetType: 'document', targetId: docId, authorId: userId, anchor, quote: quote as never, paraRef: '7' })
    const t2 = await comments.insertThread({ groupId, targetType: 'document', targetId: docId, authorId: userId, anchor: null, quote: null, paraRef: null })
    expect(await comments.thread(t1)).toMatchObject({ id: t1, groupId, targetType: 'document', targetId: docId, authorId: userId, anchor, quote, paraRef: '7', status: 'open', locked: false, answeredBy: null, seq: 0 })
    expect((await comments.threadsOf('document', docId)).map((t) => t.id)).toEqual([t1, t2])
    expect(await comments.threadsOf('feedback', docId)).toEqual([])
    await comments.updateThread(t1, { status: 'resolved', locked: true, seq: 5, answeredBy: 'dg-office' })
    await comments.updateThread(t1, {})
    expect(await comments.thread(t1)).toMatchObject({ status: 'resolved', locked: true, seq: 5, answeredBy: 'dg-office' })
    await comments.updateThread(t1, { locked: false })
    expect((await comments.thread(t1))!.locked).toBe(false)

    const ids = []
    for (const body of ['first', 'second', 'third']) ids.push(await comments.insertMessage({ threadId: t1, authorId: userId, body, state: 'published' }))
    const pending = await comments.insertMessage({ threadId: t2, authorId: userId, body: 'waiting', state: 'pending' })
    expect((await comments.messagesOf(t1)).map((m) => m.body)).toEqual(['first', 'second', 'third'])
    expect(await comments.firstMessage(t1)).toMatchObject({ id: ids[0], threadId: t1, authorId: userId, body: 'first', state: 'published', hiddenReason: null, editedAt: null })
    expect(await comments.firstMessage(unique('none'))).toBeUndefined()
    await comments.updateMessage(ids[1], { body: 'second, edited', editedAt: 123, state: 'hidden', hiddenReason: 'off topic' })
    expect(await comments.message(ids[1])).toMatchObject({ body: 'second, edited', editedAt: 123, state: 'hidden', hiddenReason: 'off topic' })
    expect((await comments.pendingInGroup(groupId)).map((m) => m.id)).toEqual([pending])

    expect(await comments.flagCount(ids[0])).toBe(0)
    expect(await comments.addFlag(ids[0], userId, 'rude')).toBe(true)
    expect(await comments.addFlag(ids[0], userId, 'again')).toBe(false)
    expect(await comments.flagCount(ids[0])).toBe(1)
    expect(await comments.flaggedBy(ids[0], userId)).toBe(true)
    expect(await comments.flaggedBy(ids[2], userId)).toBe(false)
    await comments.addFlag(ids[1], userId, null)
    // Only published messages are in the flagged queue.
    expect((await comments.flaggedInGroup(groupId)).map((m) => m.id)).toEqual([ids[0]])
    // Who flagged what in one thread, read at once for its views.
    expect((await comments.flagsIn(t1)).sort((a, b) => a.messageId.localeCompare(b.messageId))).toEqual([ids[0], ids[1]].sort().map((messageId) => ({ messageId, userId })))
    expect(await comments.flagsIn(t2)).toEqual([])
  })

  it('moderation log: entries appended and read back in order', async () => {
    const { moderationLog } = suite.stores.discussion
    const groupId = unique('g')
    await moderationLog.append({ groupId, actorId: 'chair', action: 'hide', targetType: 'message', targetId: 'm1', reason: 'off topic', before: 'published', after: 'hidden' })
    await moderationLog.append({ groupId, actorId: 'chair', action: 'lock', targetType: 'thread', targetId: 't1', reason: null, before: null, after: null })
    const entries = await moderationLog.entriesOf(groupId)
    expect(entries.map((e) => [e.action, e.targetType, e.targetId, e.reason, e.before, e.after, e.actorId, e.groupId])).toEqual([
      ['hide', 'message', 'm1', 'off topic', 'published', 'hidden', 'chair', groupId],
      ['lock', 'thread', 't1', null, null, null, 'chair', groupId],
    ])
    expect(entries[0].id).toBeLessThan(entries[1].id)
    expect(entries[0].at).toEqual(expect.any(Number))
    expect(await moderationLog.entriesOf(unique('g'))).toEqual([])
    // Append-only in the schema itself: no program with access to the database rewrites or removes an entry.
    await expect(adapter.exec(suite.stores, "UPDATE moderation_log SET reason = 'rewritten'")).rejects.toThrow(/append-only/)
    await expect(adapter.exec(suite.stores, 'DELETE FROM moderation_log')).rejects.toThrow(/append-only/)
    expect(await moderationLog.entriesOf(groupId)).toEqual(entries)
  })

  it('notifications: inserted, listed newest first, unread until read', async () => {
    const { notifications } = suite.stores.discussion
    const { userId } = await groupWithUser(suite.stores)
    const first = await notifications.insert({ userId, kind: 'mention', threadId: 't', messageId: 'm1', actorId: 'a' })
    await new Promise((resolve) => setTimeout(resolve, 2))
    const second = await notifications.insert({ userId, kind: 'reply', threadId: 't', messageId: 'm2', actorId: 'a' })
    expect(await notifications.notification(first)).toMatchObject({ id: first, userId, kind: 'mention', threadId: 't', messageId: 'm1', actorId: 'a', readAt: null })
    expect((await notifications.latestOf(userId)).map((n) => n.id)).toEqual([second, first])
    expect((await notifications.latestOf(userId, 1)).map((n) => n.id)).toEqual([second])
    await notifications.markRead(userId, [first])
    expect((await notifications.unreadOf(userId)).map((n) => n.id)).toEqual([second])
    await notifications.markRead('someone-else')
    expect(await notifications.unreadOf(userId)).toHaveLength(1)
    await notifications.markRead(userId)
    expect(await notifications.unreadOf(userId)).toEqual([])
    expect((await notifications.notification(second))!.readAt).toEqual(expect.any(Number))
  })

  it('feedback: updates, pages, versions, pins, acknowledgements, reads and labels', async () => {
    const { feedback } = suite.stores.discussion
    const { groupId, userId } = await groupWithUser(suite.stores)
    const content = (title: string) => ({ title, body: { type: 'doc', content: [{ type: 'paragraph' }] }, statusLabel: null, links: [{ type: 'thread' as const, threadId: 't1' }] })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      ids.push(await feedback.insert({ ...content(`Update ${i}`), groupId, authorId: userId }))
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    const first = (await feedback.update(ids[0]))!
    expect(first).toMatchObject({ id: ids[0], groupId, authorId: userId, ...content('Update 0'), editedAt: null, retractedAt: null, pinned: false })
    expect(await feedback.update('none')).toBeUndefined()
    const page1 = await feedback.page(groupId, null, 2)
    expect(page1.map((u) => u.title)).toEqual(['Update 4', 'Update 3'])
    const page2 = await feedback.page(groupId, { at: page1[1].createdAt, id: page1[1].id }, 10)
    expect(page2.map((u) => u.title)).toEqual(['Update 2', 'Update 1', 'Update 0'])

    await feedback.keepVersion(first)
    await feedback.setContent(ids[0], { ...content('Update 0, edited'), statusLabel: 'Done' }, first.createdAt + 10)
    const edited = (await feedback.update(ids[0]))!
    expect(edited).toMatchObject({ title: 'Update 0, edited', statusLabel: 'Done', editedAt: first.createdAt + 10 })
    await feedback.keepVersion(edited)
    expect(await feedback.versionsOf(ids[0])).toEqual([
      { version: 1, title: 'Update 0', body: first.body, statusLabel: null, savedAt: first.createdAt },
      { version: 2, title: 'Update 0, edited', body: first.body, statusLabel: 'Done', savedAt: first.createdAt + 10 },
    ])

    await feedback.setPinned(ids[1], true)
    expect((await feedback.pinned(groupId)).map((u) => u.id)).toEqual([ids[1]])
    expect((await feedback.page(groupId, null, 10)).map((u) => u.id)).not.toContain(ids[1])
    await feedback.retract(ids[1], 999)
    expect(await feedback.update(ids[1])).toMatchObject({ retractedAt: 999, pinned: false })
    expect(await feedback.pinned(groupId)).toEqual([])

    expect(await feedback.addAck(ids[2], userId)).toBe(true)
    expect(await feedback.addAck(ids[2], userId)).toBe(false)
    expect(await feedback.acksOf(ids[2])).toEqual([{ userId, at: expect.any(Number) }])

    // Retracted updates are not counted as unread.
    expect(await feedback.unreadCount(groupId, userId)).toBe(4)
    await feedback.markRead(userId, groupId, [ids[2], 'not-in-group'])
    expect(await feedback.isRead(ids[2], userId)).toBe(true)
    expect(await feedback.isRead(ids[3], userId)).toBe(false)
    expect(await feedback.readersOf(ids[2])).toEqual([userId])
    expect(await feedback.readersOf(ids[3])).toEqual([])
    expect(await feedback.unreadCount(groupId, userId)).toBe(3)
    await feedback.markRead(userId, groupId)
    expect(await feedback.unreadCount(groupId, userId)).toBe(0)

    await feedback.addLabel(groupId, 'Pending')
    await feedback.addLabel(groupId, 'Done')
    await feedback.addLabel(groupId, 'Done')
    expect(await feedback.labelsOf(groupId)).toEqual(['Done', 'Pending'])
  })

  it('versions: saved, listed newest first, pruned, with their states', async () => {
    const { versions } = suite.stores
    const docId = unique('d')
    const at = Date.now()
    const version = (id: string, kind: VersionRecord['kind'], createdAt: number): VersionRecord => ({ id, documentId: docId, kind, name: id, createdAt, createdBy: kind === 'auto' ? null : 'u1', seq: 3, editors: ['u1', 'u2'] })
    const records = [version(unique('v'), 'named', at), version(unique('v'), 'auto', at), version(unique('v'), 'auto', at + 1), version(unique('v'), 'auto', at + 1)]
    for (const [i, v] of records.entries()) await versions.insert(v, new Uint8Array([i, 1, 2]))
    expect(await versions.get(records[0].id)).toEqual(records[0])
    expect(await versions.get('none')).toBeUndefined()
    // Newest first; saved in the same millisecond: the later one first.
    expect((await versions.list(docId)).map((v) => v.id)).toEqual([records[3], records[2], records[1], records[0]].map((v) => v.id))
    expect(await versions.latest(docId)).toEqual(records[3])
    expect(await versions.state(records[2].id)).toEqual(new Uint8Array([2, 1, 2]))
    expect(await versions.state('none')).toBeUndefined()
    await versions.pruneAutomatic(docId, 1)
    expect((await versions.list(docId)).map((v) => v.id)).toEqual([records[3].id, records[0].id])
    expect(await versions.latest(unique('d'))).toBeUndefined()
  })

  it('change feed: each entity’s newest change after a number, for everyone or one person', async () => {
    const { changeFeed } = suite.stores
    const groupId = unique('g')
    const start = await changeFeed.latestSeq()
    const s1 = await changeFeed.append(groupId, 'thread', 'a', null)
    const s2 = await changeFeed.append(groupId, 'thread', 'b', null)
    const s3 = await changeFeed.append(groupId, 'notification', 'n', 'ana')
    const s4 = await changeFeed.append(groupId, 'thread', 'a', null)
    expect([s1, s2, s3, s4]).toEqual([start + 1, start + 2, start + 3, start + 4])
    expect(await changeFeed.latestSeq()).toBe(s4)
    expect(await changeFeed.changedSince(start, 'ana')).toEqual([
      { seq: s2, groupId, kind: 'thread', entityId: 'b', userId: null },
      { seq: s3, groupId, kind: 'notification', entityId: 'n', userId: 'ana' },
      { seq: s4, groupId, kind: 'thread', entityId: 'a', userId: null },
    ])
    expect((await changeFeed.changedSince(start, 'bob')).map((e) => e.seq)).toEqual([s2, s4])
    expect(await changeFeed.changedSince(s4, 'ana')).toEqual([])
    expect(await changeFeed.externalVersion()).toEqual(expect.any(Number))
    // Every event in order, for a node filling a gap in what it delivered.
    expect(await changeFeed.eventsAfter(start, 10)).toEqual([
      { seq: s1, groupId, kind: 'thread', entityId: 'a', userId: null },
      { seq: s2, groupId, kind: 'thread', entityId: 'b', userId: null },
      { seq: s3, groupId, kind: 'notification', entityId: 'n', userId: 'ana' },
      { seq: s4, groupId, kind: 'thread', entityId: 'a', userId: null },
    ])
    expect((await changeFeed.eventsAfter(s1, 2)).map((e) => e.seq)).toEqual([s2, s3])
  })

  it('amendments: proposals saved and decided, supporters added once and removed', async () => {
    const { amendments } = suite.stores
    const docId = unique('d')
    const proposal = (id: string, createdAt: number): ProposalRecord => ({
      id, documentId: docId, groupId: 'g', authorId: 'u1', delegation: 'Brazil', createdAt, state: 'open', kinds: ['insert', 'delete'],
      inserted: 'new words', deleted: 'old', formatted: '', paraRef: '6(b)', decidedBy: null, decidedAt: null, reason: null,
    })
    const [p1, p2] = [proposal(unique('p'), 10), proposal(unique('p'), 5)]
    await amendments.saveProposal(p1)
    await amendments.saveProposal(p2)
    expect(await amendments.proposal(p1.id)).toEqual(p1)
    expect(await amendments.proposal('none')).toBeUndefined()
    expect((await amendments.proposalsOf(docId)).map((p) => p.id)).toEqual([p2.id, p1.id])
    const decided = { ...p1, state: 'accepted' as const, decidedBy: 'chair', decidedAt: 20, reason: 'agreed', kinds: ['format' as const] }
    await amendments.saveProposal(decided)
    expect(await amendments.proposal(p1.id)).toEqual(decided)

    expect(await amendments.addSupport({ proposalId: p1.id, userId: 'u2', delegation: 'Chile', at: 30 })).toBe(true)
    expect(await amendments.addSupport({ proposalId: p1.id, userId: 'u2', delegation: 'Chile', at: 31 })).toBe(false)
    expect(await amendments.addSupport({ proposalId: p2.id, userId: 'u3', delegation: 'Peru', at: 25 })).toBe(true)
    expect(await amendments.addSupport({ proposalId: 'none', userId: 'u3', delegation: 'Peru', at: 25 })).toBe(false)
    expect(await amendments.supportersOf(docId)).toEqual([
      { proposalId: p2.id, userId: 'u3', delegation: 'Peru', at: 25 },
      { proposalId: p1.id, userId: 'u2', delegation: 'Chile', at: 30 },
    ])
    expect(await amendments.removeSupport(p1.id, 'u2')).toBe(true)
    expect(await amendments.removeSupport(p1.id, 'u2')).toBe(false)
    expect((await amendments.supportersOf(docId)).map((s) => s.userId)).toEqual(['u3'])
  })
})
