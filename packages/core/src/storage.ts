import { promisifyRequest } from 'idb-keyval'

/** Where the session is kept. All methods may be async and may throw. */
export interface StorageAdapter {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
  del(key: string): unknown
  /** Optional, must not throw: lets go of connections. `destroy()` calls it once pending writes landed. */
  close?(): void
}

const noop = (): void => {}

// A page's first IndexedDB call waits for the browser to connect it to its
// storage (about 10 of the 13 ms of a first open + get in Chromium). Asking
// for the list of databases, which opens and creates none, starts that at
// module load in a browser, so the session read finds it done.
if (typeof document === 'object') globalThis.indexedDB?.databases?.().catch(noop)

const STORE = 'kv'
/** How long a call waits for the database to open (a tab that never lets go may block it). */
export const OPEN_TIMEOUT = 3_000

/**
 * IndexedDB through idb-keyval, on a connection it opens itself (idb-keyval's
 * `createStore` hides it) and lets go of on `versionchange`, so another tab
 * that deletes or upgrades the database is never blocked; the next call opens
 * a new one. A call that fails (Safari's "connection is closing") is tried
 * once more at once on a new connection. Opening gives up after
 * {@link OPEN_TIMEOUT}, so no call waits forever for a tab that never lets go.
 * `close()` closes the connection (a later call would open a new one).
 *
 * @example
 * const storage = indexedDbStorage('moonkey-pk_test_123')
 * await storage.set('session', record)
 */
export const indexedDbStorage = (dbName: string): StorageAdapter => {
  let db: Promise<IDBDatabase> | undefined
  // Forgets a connection (the next call opens a new one) and closes it once open.
  const drop = (connection: Promise<IDBDatabase>): void => {
    if (db === connection) db = undefined
    connection.then((c) => c.close(), noop)
  }
  const open = (): Promise<IDBDatabase> => {
    let timer: ReturnType<typeof setTimeout>
    const connection: Promise<IDBDatabase> = new Promise((resolve, reject) => {
      const request = indexedDB.open(dbName)
      timer = setTimeout(reject, OPEN_TIMEOUT)
      request.onupgradeneeded = () => request.result.createObjectStore(STORE)
      request.onsuccess = () => {
        const c = request.result
        c.onversionchange = () => drop(connection)
        resolve(c)
        // Opened too late (or after close()): nobody uses it.
        if (db !== connection) c.close()
      }
      request.onerror = () => reject(request.error)
    })
    connection.finally(() => clearTimeout(timer)).catch(() => drop(connection))
    return (db = connection)
  }
  // A call that failed is tried once more at once, on a new connection.
  // (safeStorage makes one call at a time, so `db` is the connection that failed.)
  // Reads wait for the request, writes for the transaction (idb-keyval's get/set/del
  // do the same, but would bring its default database along).
  const run = (mode: IDBTransactionMode, call: (store: IDBObjectStore) => IDBRequest | IDBTransaction) => {
    const once = () =>
      (db ?? open()).then((c) => promisifyRequest(call(c.transaction(STORE, mode).objectStore(STORE))))
    return once().catch(() => {
      if (db) drop(db)
      return once()
    })
  }
  return {
    get: (key) => run('readonly', (s) => s.get(key)),
    set: (key, value) => run('readwrite', (s) => s.put(value, key).transaction!),
    del: (key) => run('readwrite', (s) => s.delete(key).transaction!),
    close: () => db && drop(db),
  }
}

/** A storage that never throws and whose calls run one after another. */
export interface SafeStorage {
  get(key: string): Promise<unknown>
  /** Resolves once the write landed, or is kept in memory and retried. */
  set(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
  /**
   * Another tab wrote `value` (it says so once its write landed): memory takes
   * it, and a write of this key still waiting to land here is dropped, so it
   * cannot overwrite the newer one.
   */
  settle(key: string, value: unknown): void
  /** True when the last `get` could not read the storage and answered from memory. */
  readonly degraded: boolean
  /** Lets the calls made so far finish, then closes the storage: memory only after that. */
  close(): void
}

/**
 * Wraps a storage so faults never reach the session logic. Every value is
 * kept in memory (without a storage, only there), and every write goes to
 * the storage at once: there is no pause after a failure. A write that fails
 * stays in memory and is tried again by itself (after 1 s, 2 s, 4 s …, then
 * every 30 s) and before any later call, until it lands. `onPersisted(false)` says when the storage first
 * falls behind memory, `onPersisted(true)` when it has caught up; the first
 * failure is also warned about once. Calls are queued, so a later `del`
 * always lands after an earlier `set`.
 *
 * @example
 * const storage = safeStorage(indexedDbStorage('moonkey-pk_test_123'), (ok) => show(ok))
 * await storage.get('session') // never throws
 * const memory = safeStorage() // lives as long as the page
 */
export const safeStorage = (
  primary?: StorageAdapter,
  onPersisted: (persisted: boolean) => void = noop,
): SafeStorage => {
  const mirror = new Map<string, unknown>()
  /** Keys whose value is newer in memory than in the storage. */
  const dirty = new Set<string>()
  let queue: Promise<unknown> = Promise.resolve()
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  let warned = false
  /** Memory only: without a storage, or once closed. */
  let closed = !primary

  const warn = (error: unknown): void => {
    if (warned) return
    warned = true
    console.warn(
      '[moonkey] Storage failed, keeping the session in memory for now:',
      (error as Error)?.name ?? 'Error',
    )
  }
  // One call at a time, so a later `del` always lands after an earlier `set`. No task rejects.
  const run = <T>(task: () => Promise<T>): Promise<T> => (queue = queue.then(task)) as Promise<T>
  // Writes what only memory holds; on failure, tries again later by itself.
  const flush = async (): Promise<boolean> => {
    clearTimeout(timer)
    if (closed) return false
    try {
      for (const key of dirty) {
        const value = mirror.get(key)
        await (value === undefined ? primary!.del(key) : primary!.set(key, value))
        // Unless written again meanwhile (that write queued its own flush).
        if (mirror.get(key) === value) dirty.delete(key)
      }
      if (failures) onPersisted(true)
      failures = 0
      return true
    } catch (error) {
      warn(error)
      if (!failures) onPersisted(false)
      timer = setTimeout(() => run(flush), Math.min(1000 * 2 ** failures++, 30_000))
      return false
    }
  }
  const write = (key: string, value: unknown): Promise<void> => {
    mirror.set(key, value)
    dirty.add(key)
    return run(async () => {
      await flush()
    })
  }

  // \`degraded\` is a plain field, not a getter (see createSessionStore).
  const storage: SafeStorage & { degraded: boolean } = {
    degraded: false,
    get: (key) =>
      run(async () => {
        storage.degraded = true
        if (await flush()) {
          try {
            const value = await primary!.get(key)
            // A write made meanwhile is newer than what was read.
            if (!dirty.has(key)) mirror.set(key, value)
            storage.degraded = false
          } catch (error) {
            warn(error)
          }
        }
        return mirror.get(key)
      }),
    set: write,
    del: (key) => write(key, undefined),
    settle(key, value) {
      mirror.set(key, value)
      dirty.delete(key)
    },
    close() {
      void run(async () => {
        closed = true
        clearTimeout(timer)
      }).then(() => primary?.close?.())
    },
  }
  return storage
}
