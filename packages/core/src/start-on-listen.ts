import type { ReadableAtom } from 'nanostores'

/**
 * Calls `start` once a listener of `store` lasts past the current task.
 * `store.get()` without a listener listens for an instant (React's render-time
 * snapshot does that): that alone does not start anything, or a render React
 * throws away (or a test that only reads) would leave work running behind it.
 * (nanostores' onStart() wraps `listen` the same way; this costs fewer bytes.)
 *
 * @example
 * startOnListen(store.$state, () => void begin())
 */
export const startOnListen = (store: ReadableAtom<unknown>, start: () => void): void => {
  const listen = store.listen
  store.listen = (listener) => {
    const off = listen(listener)
    let on = true
    queueMicrotask(() => on && start())
    return () => {
      on = false
      off()
    }
  }
}
