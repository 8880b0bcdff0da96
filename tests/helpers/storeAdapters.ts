import fs from 'node:fs'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import type { Stores } from '../../server/persistence/openStores.js'
import { openSqliteStores } from '../../server/persistence/sqlite/openSqliteStores.js'
import { openPostgresStores, type PostgresStores } from '../../server/persistence/postgres/openPostgresStores.js'
import { tempDataDir } from './testServer.js'
import { dropSchema, TEST_PG_URL } from './testDatabase.js'

/** One storage adapter the storage tests run against: every store of the server, opened fresh. */
export interface StoreAdapter {
  name: 'sqlite' | 'postgres'
  /** Opens every store on a new database (a temporary DATA_DIR, or a new schema), and how to remove it. */
  open(): Promise<{ stores: Stores; remove: () => Promise<void> }>
  /** Runs SQL on the database behind the stores, as another program with access to it could (what the schema itself must refuse). */
  exec(stores: Stores, sql: string): Promise<void>
}

/** Both adapters: the same storage tests run against each (describe.each). */
export const STORE_ADAPTERS: StoreAdapter[] = [
  {
    name: 'sqlite',
    open: async () => {
      const dir = tempDataDir()
      const stores = openSqliteStores(dir)
      return { stores, remove: async () => (stores.close(), fs.rmSync(dir, { recursive: true, force: true })) }
    },
    exec: async (stores, sql) => void stores.sqlite!.db.exec(sql),
  },
  {
    name: 'postgres',
    open: async () => {
      const schema = `plenary_stores_${randomBytes(6).toString('hex')}`
      const stores = await openPostgresStores(TEST_PG_URL, { schema })
      return { stores, remove: async () => (await stores.close(), dropSchema(schema)) }
    },
    exec: async (stores, sql) => void (await (stores as PostgresStores).postgres.query(sql)),
  },
]

/** The stores of one adapter for one test file's describe block: opened before it, removed after it. */
export function storeSuite(adapter: StoreAdapter): { stores: Stores } {
  const suite = {} as { stores: Stores; remove?: () => Promise<void> }
  beforeAll(async () => {
    Object.assign(suite, await adapter.open())
  })
  afterAll(async () => {
    await suite.remove?.()
  })
  return suite
}

let counter = 0

/** A name no other test of this process has used: tests of one file share a database. */
export const unique = (prefix: string) => `${prefix}${++counter}${randomBytes(3).toString('hex')}`

/** A group and a user in it (what most records refer to). */
export async function groupWithUser(stores: Stores): Promise<{ groupId: string; userId: string }> {
  const groupId = unique('g')
  await stores.groups.createGroup({ id: groupId, name: `Group ${groupId}` })
  const user = await stores.accounts.createUser({ email: `${unique('u')}@test.example`, name: 'Ana' })
  await stores.groups.setMembership({ groupId, userId: user.id, role: 'member', delegation: 'Brazil' })
  return { groupId, userId: user.id }
}
