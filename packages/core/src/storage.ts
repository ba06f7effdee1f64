import { createStore, del, get, set, type UseStore } from 'idb-keyval'

/** Where the session is kept. All methods may be async and may throw. */
export interface StorageAdapter {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
  del(key: string): unknown
}

/**
 * A storage that lives as long as the page.
 *
 * @example
 * createMoonKey({ publishableKey, storage: memoryStorage() })
 */
export const memoryStorage = (): StorageAdapter => {
  const map = new Map<string, unknown>()
  return {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    del: (key) => void map.delete(key),
  }
}

/**
 * IndexedDB through an idb-keyval store of its own. After any failure
 * (for example Safari's "connection is closing") the next call opens a new
 * connection, which idb-keyval's default store cannot do.
 *
 * @example
 * const storage = indexedDbStorage('moonkey-pk_test_123')
 * await storage.set('session', record)
 */
export const indexedDbStorage = (dbName: string): StorageAdapter => {
  let store: UseStore | undefined
  const run = async <T>(call: (store: UseStore) => Promise<T>): Promise<T> => {
    try {
      return await call((store ||= createStore(dbName, 'kv')))
    } catch (error) {
      store = undefined
      throw error
    }
  }
  return {
    get: (key) => run((s) => get(key, s)),
    set: (key, value) => run((s) => set(key, value, s)),
    del: (key) => run((s) => del(key, s)),
  }
}

/** A storage that never throws and whose writes run one after another. */
export interface SafeStorage {
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  /** True while the primary storage is failing and memory stands in. */
  readonly degraded: boolean
}

const RETRY_AFTER = 30_000

/**
 * Wraps a storage so faults never reach the session logic: every value is
 * mirrored in memory, a failing storage is replaced by the mirror (with one
 * warning), and tried again after 30 s, catching up with what changed.
 * Writes are queued so a later `del` always lands after an earlier `set`.
 *
 * @example
 * const storage = safeStorage(indexedDbStorage('moonkey-pk_test_123'))
 * await storage.get('session') // never throws
 */
export const safeStorage = (primary: StorageAdapter, now = Date.now): SafeStorage => {
  const mirror = new Map<string, unknown>()
  const dirty = new Set<string>()
  let retryAt = 0
  let warned = false
  let queue: Promise<unknown> = Promise.resolve()

  const fail = (error: unknown): void => {
    retryAt = now() + RETRY_AFTER
    if (!warned) {
      warned = true
      console.warn(
        '[moonkey] Storage failed, keeping the session in memory for now:',
        (error as Error)?.name ?? 'Error',
      )
    }
  }
  const usable = (): boolean => now() >= retryAt
  // Brings the primary storage up to date with what changed while it failed.
  const catchUp = async (): Promise<void> => {
    for (const key of dirty) {
      const value = mirror.get(key)
      dirty.delete(key)
      try {
        await (value === undefined ? primary.del(key) : primary.set(key, value))
      } catch (error) {
        dirty.add(key)
        throw error
      }
    }
  }
  // One task at a time, so a later `del` always lands after an earlier `set`.
  const run = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task)
    queue = result.catch(() => {})
    return result
  }
  const write = (key: string, value: unknown): Promise<void> => {
    mirror.set(key, value)
    dirty.add(key)
    return run(async () => {
      if (usable()) await catchUp().catch(fail)
    })
  }

  return {
    get degraded() {
      return !usable()
    },
    get: (key) =>
      run(async () => {
        if (usable()) {
          try {
            await catchUp()
            mirror.set(key, await primary.get(key))
          } catch (error) {
            fail(error)
          }
        }
        return mirror.get(key)
      }),
    set: write,
    del: (key) => write(key, undefined),
  }
}
