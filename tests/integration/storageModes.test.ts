import { afterEach, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import * as Y from 'yjs'
import { SqliteDatabase } from '../../server/persistence/sqlite/SqliteDatabase.js'
import { ALL_STORES } from '../../server/persistence/sqlite/schema.js'
import { openSqliteStores } from '../../server/persistence/sqlite/openSqliteStores.js'
import { loadConfig } from '../../server/config.js'
import { openPostgresStores } from '../../server/persistence/postgres/openPostgresStores.js'
import { ALL_POSTGRES_STORES } from '../../server/persistence/postgres/schema.js'
import { removeDataDir, startTestServer, tempDataDir } from '../helpers/testServer.js'
import { dropSchema, schemaFor, TEST_PG_URL } from '../helpers/testDatabase.js'
import { connectClient } from '../helpers/yClient.js'
import { waitFor } from '../helpers/waitFor.js'
import { appendText, bodyText } from '../helpers/bodyText.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

describe('choosing the database', () => {
  it('accepts only a postgres:// or postgresql:// DATABASE_URL, and a plain schema name', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/plenary' }).DATABASE_URL).toBe('postgres://u@db:5432/plenary')
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/plenary', PG_SCHEMA: 'plenary_eu' }).PG_SCHEMA).toBe('plenary_eu')
    expect(loadConfig({}).DATABASE_URL).toBeUndefined()
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/plenary' })).toThrow(/DATABASE_URL must start with postgres/)
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@db/x', PG_SCHEMA: 'x; DROP TABLE users' })).toThrow(/PG_SCHEMA/)
  })
})

describe('a SQLite DATA_DIR written before the counter rows', () => {
  it('keeps every document’s numbers and the change feed’s, and numbers what comes next after them', async () => {
    const dir = tempDataDir()
    cleanups.push(() => removeDataDir(dir))
    // The file as the previous version left it: every store's migrations but the counters' steps.
    const before = ALL_STORES.map((s) => (s.store === 'documentLog' ? { ...s, steps: s.steps.slice(0, 2) } : s.store === 'changeFeed' ? { ...s, steps: s.steps.slice(0, 1) } : s))
    const old = new SqliteDatabase(dir, {}, before)
    old.handle.exec(`INSERT INTO groups (id, name, created_at) VALUES ('g', 'Group', 1);
      INSERT INTO documents (id, group_id, title, created_at, updated_at) VALUES ('a', 'g', 'A', 1, 1), ('b', 'g', 'B', 1, 1)`)
    // One global numbering: a got 1, 3, 5 and b 2, 4; b's 2 was compacted into its snapshot.
    for (const doc of ['a', 'b', 'a', 'b', 'a']) old.statement('INSERT INTO doc_updates (doc_id, data) VALUES (?, ?)').run(doc, Buffer.from(doc))
    old.handle.exec(`DELETE FROM doc_updates WHERE seq = 2; INSERT INTO doc_snapshots (doc_id, data, through_seq) VALUES ('b', x'00', 2)`)
    for (const entity of ['t1', 't2', 't3']) old.statement("INSERT INTO events (group_id, kind, entity_id, at) VALUES ('g', 'thread', ?, 1)").run(entity)
    old.handle.exec('DELETE FROM events WHERE seq = 3')
    old.close()

    const stores = openSqliteStores(dir)
    cleanups.push(() => stores.close())
    expect(await stores.documents.loadContent('a')).toMatchObject({ lastSeq: 5, updates: [Buffer.from('a'), Buffer.from('a'), Buffer.from('a')].map((b) => new Uint8Array(b)) })
    expect(await stores.documents.loadContent('b')).toMatchObject({ lastSeq: 4, updates: [new Uint8Array(Buffer.from('b'))] })
    expect(await stores.documents.updatesAfter('a', 3)).toMatchObject({ lastSeq: 5 })
    expect(await stores.documents.appendUpdates([{ docId: 'a', update: new Uint8Array([1]) }, { docId: 'b', update: new Uint8Array([2]) }])).toEqual(new Map([['a', 6], ['b', 5]]))
    // A document with no row yet starts at 1; a row inserted without a number (tools, benchmarks) gets the next one.
    expect((await stores.documents.appendUpdates([{ docId: 'c', update: new Uint8Array([3]) }])).get('c')).toBe(1)
    stores.sqlite.db.prepare("INSERT INTO doc_updates (doc_id, data) VALUES ('c', x'04')").run()
    expect(await stores.documents.updatesAfter('c', 1)).toEqual({ updates: [new Uint8Array([4])], lastSeq: 2 })
    // The feed never hands out a number again, even one whose row is gone.
    expect(await stores.changeFeed.append('g', 'thread', 't4', null)).toBe(4)
  })
})

describe('PostgreSQL migrations', () => {
  it('run once when several nodes start on a new schema at the same moment (they take turns under an advisory lock)', async () => {
    const schema = `plenary_migrate_${randomBytes(6).toString('hex')}`
    cleanups.push(() => dropSchema(schema))
    const nodes = await Promise.all(Array.from({ length: 4 }, () => openPostgresStores(TEST_PG_URL, { schema, maxConnections: 2 })))
    cleanups.push(() => Promise.all(nodes.map((n) => n.close())))
    const versions = await nodes[0].postgres.rows<{ store: string; version: number }>('SELECT store, version FROM schema_migrations ORDER BY store')
    expect(versions).toEqual(ALL_POSTGRES_STORES.map((s) => ({ store: s.store, version: s.steps.length })).sort((a, b) => (a.store < b.store ? -1 : 1)))
    // Every node works on the same tables.
    await nodes[1].groups.createGroup({ id: 'shared', name: 'Shared' })
    expect(await nodes[3].groups.getGroup('shared')).toMatchObject({ name: 'Shared' })
  })
})

describe('PostgreSQL compactions on two nodes', () => {
  it('lose nothing when two nodes compact one document at once while both append to it', async () => {
    const schema = `plenary_compact_${randomBytes(6).toString('hex')}`
    cleanups.push(() => dropSchema(schema))
    const [a, b] = await Promise.all([0, 1].map(() => openPostgresStores(TEST_PG_URL, { schema, maxConnections: 3 })))
    cleanups.push(() => Promise.all([a.close(), b.close()]))
    await a.groups.createGroup({ id: 'g', name: 'G' })
    await a.documents.createDocument({ id: 'd', groupId: 'g', title: 'Raced' })
    // 60 updates typing one character each; the first 20 stored, then both nodes append the rest while each compacts.
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    for (let i = 0; i < 60; i++) appendText(doc, String.fromCharCode(97 + (i % 26)))
    await a.documents.appendUpdates(updates.slice(0, 20).map((update) => ({ docId: 'd', update })))
    await a.documents.appendUpdates(updates.slice(20, 30).map((update) => ({ docId: 'd', update })))
    await Promise.all([
      ...updates.slice(30).map((update, i) => (i % 2 ? a : b).documents.appendUpdates([{ docId: 'd', update }])),
      a.documents.compact('d', Y.mergeUpdates(updates.slice(0, 20)), 20),
      b.documents.compact('d', Y.mergeUpdates(updates.slice(0, 30)), 30),
    ])
    for (const node of [a, b]) {
      const stored = await node.documents.loadContent('d')
      expect(stored.lastSeq).toBe(60)
      const rebuilt = new Y.Doc()
      for (const u of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(rebuilt, u)
      expect(bodyText(rebuilt)).toBe(bodyText(doc))
    }
    // Whichever ran last, the snapshot is the newer one: nothing the older one lacks was removed.
    expect(await a.documents.updatesAfterSnapshot('d')).toBe(30)
  })
})

describe('a server on PostgreSQL', () => {
  it('sends an update to other clients only after the transaction storing it has committed', async () => {
    const dataDir = tempDataDir()
    const schema = schemaFor(dataDir)
    const server = await startTestServer({ DATA_DIR: dataDir, DATABASE_URL: TEST_PG_URL, PG_SCHEMA: schema })
    cleanups.push(() => (removeDataDir(dataDir), dropSchema(schema)), () => server.close())
    expect(server.sqlite).toBeDefined()
    expect(() => server.sqlite.db).toThrow(/SQLite only/)
    const docId = server.docIds.chairReport
    const a = connectClient(server.wsUrl, docId, { token: server.people.swiss.token })
    const b = connectClient(server.wsUrl, docId, { token: server.people.brazil.token })
    cleanups.push(() => a.destroy(), () => b.destroy())
    await Promise.all([a.synced, b.synced])
    const seed = bodyText(b.doc)

    // Another connection locks the update log: the server's INSERT waits for it.
    const blocker = new pg.Client(TEST_PG_URL)
    await blocker.connect()
    cleanups.push(() => blocker.end())
    await blocker.query(`SET search_path = ${schema}`)
    await blocker.query('BEGIN')
    await blocker.query('LOCK TABLE doc_updates IN EXCLUSIVE MODE')
    appendText(a.doc, 'stored first')
    const waitingForLog = async () => {
      const { rows } = await blocker.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM pg_locks WHERE relation = 'doc_updates'::regclass AND NOT granted")
      return rows[0].n
    }
    await waitFor(async () => expect(await waitingForLog()).toBe(1))
    // The server holds the update while its transaction cannot commit: B has not seen it.
    expect(bodyText(b.doc)).toBe(seed)
    await blocker.query('ROLLBACK')
    await waitFor(() => expect(bodyText(b.doc)).toBe(`${seed}stored first`))
    const stored = await server.storage.loadContent(docId)
    const doc = new Y.Doc()
    for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, update)
    expect(bodyText(doc)).toBe(`${seed}stored first`)
  })
})
