export interface MemoOptions {
  /** How long a loaded value is reused. */
  ttlMs: number
  /** At most this many values are kept; the oldest go first. */
  maxEntries: number
  now: () => number
}

export interface Memo<T> {
  /**
   * The value for `key`: a fresh cached one, the one being loaded right now
   * (concurrent callers share one `load`), or a new `load()`. Failures are not
   * cached: the next call loads again.
   */
  get(key: string, load: () => Promise<T>): Promise<T>
  /** Stores a value obtained elsewhere (e.g. a user that came with a refresh). */
  set(key: string, value: T): void
}

/**
 * A small per-process cache with in-flight deduplication, for API answers that
 * many requests need at once (a refreshed session, a user).
 *
 * @example
 * const users = createMemo<MoonKeyUser>({ ttlMs: 30_000, maxEntries: 1000, now: Date.now })
 * const user = await users.get(userId, () => moonkey.getUser(userId))
 */
export function createMemo<T>({ ttlMs, maxEntries, now }: MemoOptions): Memo<T> {
  const values = new Map<string, { value: T; until: number }>()
  const loading = new Map<string, Promise<T>>()

  function set(key: string, value: T): void {
    values.delete(key)
    if (values.size >= maxEntries) values.delete(values.keys().next().value!)
    values.set(key, { value, until: now() + ttlMs })
  }

  return {
    set,
    get(key, load) {
      const cached = values.get(key)
      if (cached && cached.until > now()) return Promise.resolve(cached.value)
      if (cached) values.delete(key)
      const pending = loading.get(key)
      if (pending) return pending
      const promise = load().then(
        (value) => {
          loading.delete(key)
          set(key, value)
          return value
        },
        (error: unknown) => {
          loading.delete(key)
          throw error
        },
      )
      loading.set(key, promise)
      return promise
    },
  }
}
