/**
 * An in-process Web Locks API (`navigator.locks`): exclusive locks by name,
 * `ifAvailable` and `signal`. happy-dom has none, and without it the SDKs fall
 * back to paths no browser takes (Auth0's localStorage polling lock).
 *
 * @example
 * Object.defineProperty(navigator, 'locks', { value: webLocks() })
 */
export const webLocks = () => {
  const tails = new Map<string, Promise<void>>()
  const held = new Set<string>()
  const request = async <T>(
    name: string,
    optionsOrCallback: { ifAvailable?: boolean; signal?: AbortSignal } | ((lock: unknown) => T),
    maybeCallback?: (lock: unknown) => T,
  ): Promise<Awaited<T>> => {
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback!
    if (options.ifAvailable && held.has(name)) return await callback(null)
    const before = tails.get(name) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const tail = before.then(() => mine)
    tails.set(name, tail)
    try {
      await (options.signal
        ? Promise.race([
            before,
            new Promise((_, reject) => {
              options.signal!.throwIfAborted()
              options.signal!.addEventListener('abort', () => reject(options.signal!.reason), { once: true })
            }),
          ])
        : before)
    } catch (error) {
      release()
      throw error
    }
    held.add(name)
    try {
      return await callback({ name, mode: 'exclusive' })
    } finally {
      held.delete(name)
      release()
      if (tails.get(name) === tail) tails.delete(name)
    }
  }
  return { request, query: async () => ({ held: [...held].map((name) => ({ name })), pending: [] }) }
}
