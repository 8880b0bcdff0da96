import type { Transactional } from '../Transactional.js'
import type { SqliteDatabase } from './SqliteDatabase.js'
import { SqliteStore } from './SqliteStore.js'

/**
 * What a SQLite adapter implements for a store interface: the same methods, answering at once
 * (better-sqlite3 is synchronous), without transaction(), which the database provides.
 */
export type Synchronous<S> = {
  [K in Exclude<keyof S, 'transaction'>]: S[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : S[K]
}

/**
 * A store interface from its synchronous SQLite adapter: each method runs the adapter's at once and
 * answers with a settled promise, unless another caller's transaction holds the database, in which
 * case it waits for that transaction to end (so nothing outside a transaction ever joins or sees it
 * half done). transaction() is the database's. The adapter's methods are those of its class (not
 * of SqliteStore, its helpers).
 */
export function asyncStore<S extends Transactional>(db: SqliteDatabase, adapter: Synchronous<S>): S {
  const store: Record<string, unknown> = { transaction: <T>(fn: () => Promise<T>) => db.asyncTransaction(fn) }
  for (const name of methodNames(adapter)) {
    const method = (adapter as Record<string, (...args: unknown[]) => unknown>)[name]
    store[name] = (...args: unknown[]) => db.run(() => method.apply(adapter, args))
  }
  return store as unknown as S
}

/** The public methods an adapter's class (and its superclasses but the shared SqliteStore) declares. */
function methodNames(adapter: object): string[] {
  const names = new Set<string>()
  for (let proto = Object.getPrototypeOf(adapter); proto && proto !== Object.prototype && proto !== SqliteStore.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && name !== 'transaction' && typeof proto[name] === 'function') names.add(name)
    }
  }
  return [...names]
}
