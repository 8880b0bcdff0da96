import { lazy, type ComponentType, type LazyExoticComponent } from 'react'

/**
 * React.lazy for a module's named export (React.lazy wants a default one): the component's code
 * is a chunk of its own, fetched the first time it renders (inside a <Suspense>).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyNamed<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }))
}
