import 'fake-indexeddb/auto'

import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../test/fake-api.ts'
import { trackHeldResources } from '../test/held-resources.ts'
import { mapStorage, ready, setup } from '../test/setup-client.ts'
import { indexedDbStorage, OPEN_TIMEOUT, safeStorage, type StorageAdapter } from './storage.ts'

const NOW = Date.UTC(2026, 0, 1)
const DB = 'moonkey-pk_test_1'

beforeEach(() => {
  // fake-indexeddb schedules with setImmediate: leave that one real.
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  globalThis.indexedDB = new IDBFactory()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const closing = (): DOMException =>
  new DOMException('The database connection is closing.', 'InvalidStateError')
const quota = (): DOMException => new DOMException('quota', 'QuotaExceededError')

/** What a reload would find in IndexedDB (read on a connection of its own, closed after). */
const peek = async (key: string): Promise<unknown> => {
  const storage = indexedDbStorage(DB)
  try {
    return await storage.get(key)
  } finally {
    storage.close?.()
  }
}

/** Another tab's `indexedDB.deleteDatabase()`: resolves once done, says whether it was blocked. */
const deleteFromAnotherTab = (): Promise<{ blocked: boolean }> =>
  new Promise((resolve, reject) => {
    let blocked = false
    const request = indexedDB.deleteDatabase(DB)
    request.onblocked = () => (blocked = true)
    request.onsuccess = () => resolve({ blocked })
    request.onerror = () => reject(request.error)
  })

/** A connection of another tab that never lets go (it ignores `versionchange`). */
const stubbornTab = (): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.open(DB)
    request.onupgradeneeded = () => request.result.createObjectStore('kv')
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })

describe('indexedDbStorage', () => {
  it('keeps values in a database of its own', async () => {
    const storage = indexedDbStorage(DB)
    await storage.set('session', { a: 1 })
    expect(await storage.get('session')).toEqual({ a: 1 })
    expect(await indexedDbStorage('moonkey-pk_test_2').get('session')).toBeUndefined()
    await storage.del('session')
    expect(await storage.get('session')).toBeUndefined()
  })

  it('tries a call that failed on a closing connection once more at once, on a new connection', async () => {
    const storage = indexedDbStorage(DB)
    await storage.set('session', 1)
    const open = vi.spyOn(indexedDB, 'open')
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementationOnce(() => {
      throw closing()
    })
    await storage.set('session', 2)
    expect(open).toHaveBeenCalledTimes(1)
    expect(await peek('session')).toBe(2)
  })

  it('lets go of its connection on versionchange: another tab deletes the database unblocked; the next call reopens', async () => {
    const storage = indexedDbStorage(DB)
    await storage.set('session', 1)
    await expect(deleteFromAnotherTab()).resolves.toEqual({ blocked: false })
    expect(await storage.get('session')).toBeUndefined()
    await storage.set('session', 2)
    expect(await peek('session')).toBe(2)
  })

  it(`gives up waiting for a database that does not open after ${OPEN_TIMEOUT} ms, and opens it once it can`, async () => {
    const held = trackHeldResources()
    const other = await stubbornTab()
    const deleted = deleteFromAnotherTab() // blocked by the other tab: every open waits behind it
    const storage = indexedDbStorage(DB)
    const read = Promise.resolve(storage.get('session')).then(
      () => 'read',
      () => 'gave up',
    )
    await vi.advanceTimersByTimeAsync(2 * OPEN_TIMEOUT) // a second try on a new connection, then it gives up
    expect(await read).toBe('gave up')
    other.close()
    await deleted
    await vi.waitFor(() => expect(held().connections).toBe(0)) // the late connections were closed
    await storage.set('session', 3)
    expect(await storage.get('session')).toBe(3)
  })

  it('close() closes its connection', async () => {
    const held = trackHeldResources()
    const storage = indexedDbStorage(DB)
    await storage.set('session', 1)
    expect(held().connections).toBe(1)
    storage.close?.()
    await vi.waitFor(() => expect(held().connections).toBe(0))
    await expect(deleteFromAnotherTab()).resolves.toEqual({ blocked: false })
  })
})

describe('IndexedDB warm-up at module load', () => {
  it('in a browser, asks for the list of databases, which opens and creates none', async () => {
    const databases = vi.fn(() => Promise.resolve([]))
    const open = vi.fn()
    vi.stubGlobal('indexedDB', { databases, open })
    vi.resetModules()
    await import('./storage.ts')
    expect(databases).toHaveBeenCalledOnce()
    expect(open).not.toHaveBeenCalled()
  })

  it('a browser without indexedDB.databases() (or without IndexedDB) loads the module all the same', async () => {
    vi.stubGlobal('indexedDB', { open: vi.fn() })
    vi.resetModules()
    await expect(import('./storage.ts')).resolves.toHaveProperty('safeStorage')
    vi.stubGlobal('indexedDB', undefined)
    vi.resetModules()
    await expect(import('./storage.ts')).resolves.toHaveProperty('safeStorage')
  })
})

describe('safeStorage', () => {
  const failing = (when: 'open' | 'write'): StorageAdapter & { broken: boolean } => {
    const inner = mapStorage()
    const adapter = {
      broken: true,
      get: async (key: string) => {
        if (adapter.broken && when === 'open') throw new DOMException('blocked', 'UnknownError')
        return inner.get(key)
      },
      set: async (key: string, value: unknown) => {
        if (adapter.broken) throw quota()
        return inner.set(key, value)
      },
      del: async (key: string) => {
        if (adapter.broken) throw quota()
        return inner.del(key)
      },
    }
    return adapter
  }

  it.each(['open', 'write'] as const)(
    'keeps working in memory when the storage fails on %s, warns once, and catches up by itself',
    async (when) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const primary = failing(when)
      const persisted: boolean[] = []
      const storage = safeStorage(primary, (ok) => persisted.push(ok))
      expect(await storage.get('session')).toBeUndefined()
      await storage.set('session', 'a')
      await storage.set('revoke', ['t'])
      expect(await storage.get('session')).toBe('a')
      expect(persisted).toEqual([false])
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0])).not.toContain('a,')

      primary.broken = false
      await vi.advanceTimersByTimeAsync(30_000) // no call needed: it retries by itself
      expect(await primary.get('session')).toBe('a')
      expect(await primary.get('revoke')).toEqual(['t'])
      expect(persisted).toEqual([false, true])
      expect(vi.getTimerCount()).toBe(0)
      expect(warn).toHaveBeenCalledTimes(1)
    },
  )

  it('writes to the storage at once after a failure: no pause (issue 9, item 1)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const primary = failing('write')
    const storage = safeStorage(primary)
    await storage.set('session', 'a')
    primary.broken = false
    await storage.del('session')
    await storage.set('revoke', ['t'])
    expect(await primary.get('session')).toBeUndefined()
    expect(await primary.get('revoke')).toEqual(['t'])
  })

  it('says when a read came from memory (degraded), so a re-read cannot log out a session the storage never saw', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const primary = failing('open')
    const storage = safeStorage(primary)
    expect(await storage.get('session')).toBeUndefined()
    expect(storage.degraded).toBe(true)
    primary.broken = false
    expect(await storage.get('session')).toBeUndefined()
    expect(storage.degraded).toBe(false)
    expect(safeStorage().degraded).toBe(false)
    const memory = safeStorage()
    await memory.get('session')
    expect(memory.degraded).toBe(true) // memory only: nothing but memory to read
  })

  it('settle(): what another tab stored replaces a write still waiting to land', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const primary = failing('write')
    const storage = safeStorage(primary)
    await storage.set('session', 'mine') // fails: waits to land
    primary.broken = false
    await primary.set('session', 'theirs') // another tab's write lands …
    storage.settle('session', 'theirs') // … and it says so
    await vi.advanceTimersByTimeAsync(30_000) // this storage's retries
    expect(await primary.get('session')).toBe('theirs')
    expect(await storage.get('session')).toBe('theirs')
  })

  it('retries after 1 s, 2 s, 4 s … and at most every 30 s while the storage keeps failing', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const primary = failing('write')
    const set = vi.spyOn(primary, 'set')
    const storage = safeStorage(primary)
    await storage.set('session', 'a')
    const tries = [set.mock.calls.length]
    for (const ms of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      await vi.advanceTimersByTimeAsync(ms - 1)
      tries.push(set.mock.calls.length)
      await vi.advanceTimersByTimeAsync(1)
      tries.push(set.mock.calls.length)
    }
    expect(tries).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8])
  })

  it('close() lets the calls made so far land, then closes the storage; memory only after that', async () => {
    const primary = { ...mapStorage(), close: vi.fn() }
    const storage = safeStorage(primary)
    void storage.set('session', 'a')
    storage.close()
    expect(primary.close).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(primary.close).toHaveBeenCalledTimes(1))
    expect(await primary.get('session')).toBe('a')

    const calls = [vi.spyOn(primary, 'get'), vi.spyOn(primary, 'set'), vi.spyOn(primary, 'del')]
    await storage.set('revoke', ['t'])
    expect(await storage.get('revoke')).toEqual(['t'])
    await storage.del('session')
    expect(await storage.get('session')).toBeUndefined()
    for (const call of calls) expect(call).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('close() stops the retries of a failed write', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const primary = failing('write')
    const set = vi.spyOn(primary, 'set')
    const storage = safeStorage(primary)
    await storage.set('session', 'a')
    expect(vi.getTimerCount()).toBe(1)
    storage.close()
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(set).toHaveBeenCalledTimes(1)
  })
})

describe('client storage faults', () => {
  /** A client that logged in while IndexedDB refused every write (quota). */
  const loginWhileFull = async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quota()
    })
    const api = fakeApi()
    const { client } = setup({ api, storage: 'indexeddb' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    const user = await client.loginWithCode({ code: '123456' })
    return { api, client, put, user, warn }
  }

  /** A live session stored in IndexedDB, and a started client on it. */
  const loggedIn = async () => {
    const api = fakeApi()
    const answer = api.session()
    const storage = indexedDbStorage(DB)
    await storage.set('session', storedRecord(answer))
    storage.close?.()
    const { client } = setup({ api, storage: 'indexeddb' })
    await ready(client)
    expect(client.$state.get().isAuthenticated).toBe(true)
    return { api, client, token: answer.session_token }
  }

  it('logs in and out in memory when IndexedDB throws on open', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    const { client } = setup({ storage: 'indexeddb' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, persisted: false })
    await expect(client.getSessionTokens()).resolves.not.toBeNull()
    await client.logout()
    expect(client.$state.get().isAuthenticated).toBe(false)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('keeps the session when IndexedDB throws on write, and writes it once IndexedDB works', async () => {
    const { client, put, user, warn } = await loginWhileFull()
    expect(client.$state.get().user).toEqual(user)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(await peek('session')).toBeUndefined()

    put.mockRestore()
    vi.setSystemTime(NOW + 250_000)
    await client.getSessionTokens() // refreshes (JWT now stale) and writes through
    expect(await peek('session')).toMatchObject({ user: { id: 'user_1' } })
  })

  it.each([
    ['after an IndexedDB failure', 'before'],
    ['when its own write meets a closing connection', 'during'],
  ] as const)(
    'a logout %s reaches IndexedDB: a reload stays logged out and the revocation stays pending (issue 9, item 1)',
    async (_, when) => {
      const { api, client, token } = await loggedIn()
      const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementationOnce(() => {
        throw closing()
      })
      if (when === 'before') {
        // Any call that meets the failure: here the revocation check of `online`.
        window.dispatchEvent(new Event('online'))
        await vi.waitFor(() => expect(transaction.mock.results[0]?.type).toBe('throw'))
      }
      api.fail = 'offline'
      await client.logout()
      expect(await peek('session')).toBeUndefined()
      expect(await peek('revoke')).toEqual([token])
      expect(client.$state.get()).toMatchObject({ isAuthenticated: false, persisted: true })
      client.destroy()

      // A reload, still offline: logged out, the revocation still pending.
      const offline = setup({ api, storage: 'indexeddb' }).client
      await ready(offline)
      expect(offline.$state.get().isAuthenticated).toBe(false)
      expect(await peek('revoke')).toEqual([token])
      offline.destroy()

      // Online again: revoked once, and nothing pending.
      api.fail = null
      const online = setup({ api, storage: 'indexeddb' }).client
      await ready(online)
      await vi.waitFor(async () => expect(await peek('revoke')).toBeUndefined())
      expect(api.active.has(token)).toBe(false)
      expect(online.$state.get().isAuthenticated).toBe(false)
    },
  )

  it('writes a session whose write failed at login by itself, and $state says it is in memory meanwhile (issue 9, item 2)', async () => {
    const { api, client, put } = await loginWhileFull()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, persisted: false })
    const requests = api.requests.length

    put.mockRestore()
    await vi.advanceTimersByTimeAsync(1_000) // idle: no call of any kind
    await vi.waitFor(() => expect(client.$state.get().persisted).toBe(true))
    expect(await peek('session')).toMatchObject({ user: { id: 'user_1' } })
    expect(api.requests).toHaveLength(requests)
  })

  it('lets another tab delete the database: not blocked, this client stays usable, one started meanwhile turns ready (issue 9, item 3)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}) // two clients with one key
    const { api, client, token } = await loggedIn()
    const deleted = deleteFromAnotherTab()
    const meanwhile = setup({ api, storage: 'indexeddb' }).client
    await ready(meanwhile)
    await expect(deleted).resolves.toEqual({ blocked: false })
    expect(meanwhile.$state.get().isAuthenticated).toBe(false) // the database was deleted

    // The first client keeps its session and its storage works again.
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: token })
    await client.logout()
    expect(await peek('revoke')).toBeUndefined() // revoked at once
    expect(api.active.has(token)).toBe(false)
    await meanwhile.sendCode({ email: 'ada@example.com' })
    await meanwhile.loginWithCode({ code: '123456' })
    expect(await peek('session')).toMatchObject({ user: { id: 'user_1' } })
  })

  it('turns ready within a bounded time when another tab never lets go of the database (issue 9, item 3)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const other = await stubbornTab()
    const deleted = deleteFromAnotherTab()
    const { client } = setup({ storage: 'indexeddb' })
    const started = ready(client)
    await vi.advanceTimersByTimeAsync(2 * OPEN_TIMEOUT)
    await started
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: false })
    expect(warn).toHaveBeenCalledTimes(1)

    // It logs in in memory meanwhile, and writes the session once the other tab lets go.
    await client.sendCode({ email: 'ada@example.com' })
    let loggedIn = false
    const login = client.loginWithCode({ code: '123456' }).then(() => (loggedIn = true))
    // Each storage call before and in the login gives up after its two tries.
    for (let i = 0; i < 20 && !loggedIn; i++) await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT)
    await login
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, persisted: false })
    other.close()
    await deleted
    // Its retries (at most 30 s apart) find the database open; a little fake time per real wait.
    await vi.waitFor(
      async () => {
        await vi.advanceTimersByTimeAsync(1_000)
        expect(client.$state.get().persisted).toBe(true)
      },
      { timeout: 10_000 },
    )
    expect(await peek('session')).toMatchObject({ user: { id: 'user_1' } })
  })

  it("a write still waiting to land never overwrites what another tab stored after it", async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}) // same key twice, and the failing storage
    const api = fakeApi()
    const shared = mapStorage()
    let broken = false
    const flaky = {
      get: shared.get,
      set: (key: string, value: unknown) => (broken ? Promise.reject(quota()) : shared.set(key, value)),
      del: (key: string) => (broken ? Promise.reject(quota()) : shared.del(key)),
    }
    const a = setup({ api, storage: flaky }).client
    const b = setup({ api, storage: shared }).client
    await Promise.all([ready(a), ready(b)])

    broken = true // tab a's writes fail: its login stays in memory, waiting to land
    await a.sendCode({ email: 'ada@example.com' })
    await a.loginWithCode({ code: '123456' })
    expect(a.$state.get().persisted).toBe(false)
    // Tab b logs in anew; it stores its session, then tells tab a.
    await b.sendCode({ email: 'ada@example.com' })
    await b.loginWithCode({ code: '123456' })
    const newer = (await b.getSessionTokens())!.sessionToken
    await vi.waitFor(async () => expect((await a.getSessionTokens())?.sessionToken).toBe(newer))

    broken = false
    await vi.advanceTimersByTimeAsync(60_000) // tab a's retries
    expect(shared.map.get('session')).toMatchObject({ token: newer })
    expect(a.$state.get().persisted).toBe(true)
  })

  it('supports a custom adapter and "memory"', async () => {
    const { client } = setup({ storage: 'memory' })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, persisted: true })
  })
})
