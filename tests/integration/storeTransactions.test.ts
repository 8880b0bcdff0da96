import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStores, type SqliteStores } from '../../server/persistence/sqlite/openSqliteStores.js'
import { removeDataDir, tempDataDir } from '../helpers/testServer.js'

/** A turn of the event loop: whatever else is waiting gets to run. */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve))

describe('the stores’ asynchronous transactions on SQLite', () => {
  let dir: string
  let stores: SqliteStores
  const open = () => {
    dir = tempDataDir()
    stores = openSqliteStores(dir)
    return stores
  }
  afterEach(() => {
    stores.close()
    removeDataDir(dir)
  })

  it('runs one transaction at a time: two read-then-write transactions that wait in the middle never lose an update', async () => {
    const { groups } = open()
    await groups.createGroup({ id: 'g', name: '0' })
    const increment = () =>
      groups.transaction(async () => {
        const n = Number((await groups.getGroup('g'))!.name)
        await yieldToOthers()
        await groups.createGroup({ id: `g${n + 1}`, name: String(n + 1) })
        await stores.sqlite.database.statement('UPDATE groups SET name = ? WHERE id = ?').run(String(n + 1), 'g')
      })
    await Promise.all(Array.from({ length: 10 }, increment))
    expect((await groups.getGroup('g'))!.name).toBe('10')
    expect(await groups.listGroups()).toHaveLength(11)
  })

  it('keeps a write made outside a transaction out of another caller’s transaction, so that transaction’s rollback does not take it away', async () => {
    const { groups, accounts } = open()
    let outsideDone = false
    const failing = groups.transaction(async () => {
      await groups.createGroup({ id: 'rolled-back', name: 'Rolled back' })
      await yieldToOthers()
      // Meanwhile another request wrote on its own: it waits for this transaction to end.
      expect(outsideDone).toBe(false)
      throw new Error('refused')
    })
    const outside = accounts.createUser({ email: 'kept@test.example', name: 'Kept' }).then(() => (outsideDone = true))
    await expect(failing).rejects.toThrow('refused')
    await outside
    expect(await groups.getGroup('rolled-back')).toBeUndefined()
    expect(await accounts.userByEmail('kept@test.example')).toMatchObject({ name: 'Kept' })
  })

  it('joins a nested transaction to the outer one, across stores: all of it happens, or none', async () => {
    const { groups, accounts, discussion } = open()
    await expect(
      accounts.transaction(async () => {
        await groups.createGroup({ id: 'joined', name: 'Joined' })
        await discussion.comments.transaction(async () => {
          await accounts.createUser({ email: 'nested@test.example', name: 'Nested' })
        })
        throw new Error('undo everything')
      }),
    ).rejects.toThrow('undo everything')
    expect(await groups.getGroup('joined')).toBeUndefined()
    expect(await accounts.userByEmail('nested@test.example')).toBeUndefined()
    await accounts.transaction(async () => {
      await groups.createGroup({ id: 'joined', name: 'Joined' })
      await discussion.comments.transaction(() => accounts.createUser({ email: 'nested@test.example', name: 'Nested' }))
    })
    expect(await groups.getGroup('joined')).toBeDefined()
    expect(await accounts.userByEmail('nested@test.example')).toBeDefined()
  })

  it('answers a store call at once when no transaction holds the database (the document log’s hot path)', async () => {
    const { groups } = open()
    let answered = false
    const call = groups.listGroups().then(() => (answered = true))
    await Promise.resolve()
    await Promise.resolve()
    expect(answered).toBe(true)
    await call
  })
})
