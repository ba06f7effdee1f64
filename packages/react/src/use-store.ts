import { useSyncExternalStore } from 'react'

/** One of the client's stores (nanostores atoms: `init` is the value they started with). */
interface Store<T> {
  get(): T
  listen(listener: () => void): () => void
  readonly init?: T | undefined
}

/**
 * The value of one of the client's stores, re-rendering when it changes
 * (React's own `useSyncExternalStore`). The server render and the hydrating
 * render read the store's initial value (`store.init`), the same on both
 * sides, so hydration always matches the server's HTML; the current value
 * follows in the next render if it differs.
 *
 * @example
 * const { ready, user } = useStore(client.$state)
 */
export const useStore = <T>(store: Store<T>): T =>
  useSyncExternalStore(store.listen, store.get, () => store.init as T)
