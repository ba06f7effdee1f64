import 'fake-indexeddb/auto'

import { IDBFactory } from 'fake-indexeddb'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, storedRecord } from '../test/fake-api.ts'
import { trackHeldResources } from '../test/held-resources.ts'
import { mapStorage, ready, setup, storedSession as stored } from '../test/setup-client.ts'
import { indexedDbStorage } from './storage.ts'

const NOW = Date.UTC(2026, 0, 1)

const setVisibility = (state: 'visible' | 'hidden'): void => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

beforeEach(() => {
  // fake-indexeddb schedules with setImmediate: leave that one real.
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  globalThis.indexedDB = new IDBFactory()
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

describe('starting on first use', () => {
  /** Counts what a client opens: tab channels, visibility listeners, session reads. */
  const watch = (storage: ReturnType<typeof mapStorage>) => {
    const held = trackHeldResources()
    const reads = vi.spyOn(storage, 'get')
    return () => ({
      channels: held().channels,
      listeners: held().visibility,
      reads: reads.mock.calls.filter(([key]) => key === 'session').length,
    })
  }
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('opens nothing while nobody uses it, even when $state is read (a render that is thrown away)', async () => {
    const { storage } = stored()
    const opened = watch(storage)
    const { client } = setup({ storage })
    expect(client.$state.get()).toMatchObject({ ready: false }) // what React's render-time snapshot does
    await flush()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(opened()).toEqual({ channels: 0, listeners: 0, reads: 0 })
    client.destroy()
  })

  it('starts with the first lasting subscriber', async () => {
    const { storage } = stored()
    const opened = watch(storage)
    const { client } = setup({ storage })
    client.$state.subscribe(() => {})
    await ready(client)
    expect(client.$state.get().isAuthenticated).toBe(true)
    expect(opened()).toEqual({ channels: 1, listeners: 1, reads: 1 })
  })

  it('starts on the first call, with no subscriber at all', async () => {
    const { storage, token } = stored()
    const opened = watch(storage)
    const { client } = setup({ storage })
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: token })
    expect(opened()).toMatchObject({ channels: 1, reads: 1 })
  })
})

describe('hydration', () => {
  it('restores a stored session and turns ready', async () => {
    const { api, storage } = stored()
    const { client } = setup({ api, storage })
    expect(client.$state.get().ready).toBe(false)
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: expect.any(String) })
    await ready(client)
    expect(client.$state.get()).toMatchObject({
      ready: true,
      isAuthenticated: true,
      user: { id: 'user_1', email: 'ada@example.com' },
    })
    expect(api.requests).toHaveLength(0)
  })

  it('turns ready only after one refresh of a stale stored JWT was tried', async () => {
    const { api, storage } = stored(10)
    const release = api.hold()
    const { client } = setup({ api, storage })
    client.$state.listen(() => {}) // a UI subscribes: the client starts
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    expect(client.$state.get().ready).toBe(false)
    release()
    await ready(client)
    expect(client.$state.get().isAuthenticated).toBe(true)
  })

  it('turns ready logged out when the stored session is gone on the server', async () => {
    const { api, storage, token } = stored(10)
    api.active.delete(token)
    const { client } = setup({ api, storage })
    await ready(client)
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: false, user: null })
    expect(storage.map.has('session')).toBe(false)
  })

  it.each([
    ['a string', 'garbage'],
    ['a number', 42],
    ['null', null],
    ['an empty object', {}],
    ['a bad JWT', { ...storedRecord(fakeApi().session()), jwt: 'not.a.jwt' }],
    ['no user', { ...storedRecord(fakeApi().session()), user: undefined }],
    ['a past session', { ...storedRecord(fakeApi().session()), session: { id: 's', expiresAt: 1 } }],
  ])('deletes corrupt stored data (%s) and counts as logged out', async (_, value) => {
    const storage = mapStorage()
    storage.map.set('session', value)
    const { api, client } = setup({ storage })
    await ready(client)
    expect(client.$state.get()).toMatchObject({ ready: true, isAuthenticated: false })
    expect(storage.map.has('session')).toBe(false)
    await expect(client.getSessionTokens()).resolves.toBeNull()
    expect(api.requests).toHaveLength(0)
  })

  it('restores from IndexedDB', async () => {
    const { api } = stored()
    const idb = indexedDbStorage('moonkey-pk_test_1')
    await idb.set('session', storedRecord(api.session()))
    const { client } = setup({ api, storage: 'indexeddb' })
    await ready(client)
    expect(client.$state.get().user?.email).toBe('ada@example.com')
  })
})

describe('logout()', () => {
  it('is local-first: logged out and deleted before the server is asked', async () => {
    const { api, storage, token } = stored()
    const { client } = setup({ api, storage })
    await ready(client)
    const release = api.hold()
    const done = client.logout()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false, user: null })
    await vi.waitFor(() => expect(api.count('/sessions/delete')).toBe(1))
    expect(storage.map.has('session')).toBe(false)
    release()
    await done
    expect(api.requests.at(-1)).toMatchObject({
      method: 'DELETE',
      body: { session_token: token },
      authorization: 'Bearer pk_test_1',
    })
    expect(api.active.has(token)).toBe(false)
    expect(storage.map.has('revoke')).toBe(false)
    await expect(client.getSessionTokens()).resolves.toBeNull()
  })

  it('is a no-op while logged out', async () => {
    const { api, client } = setup()
    await ready(client)
    await client.logout()
    expect(api.requests).toHaveLength(0)
  })

  it.each(['memory', 'indexeddb'] as const)(
    'during an in-flight refresh stays logged out after it resolves (%s storage)',
    async (kind) => {
      const { api, storage: map } = stored()
      const storage = kind === 'memory' ? map : 'indexeddb'
      if (kind === 'indexeddb') {
        await indexedDbStorage('moonkey-pk_test_1').set('session', map.map.get('session'))
      }
      const { client } = setup({ api, storage })
      await ready(client)
      vi.setSystemTime(NOW + 250_000) // stale
      const release = api.hold()
      const tokens = client.getSessionTokens()
      await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
      const loggedOut = client.logout()
      release()
      await expect(tokens).resolves.toBeNull()
      await loggedOut
      await flush()
      expect(client.$state.get()).toMatchObject({ isAuthenticated: false, user: null })
      const persisted =
        kind === 'memory' ? map.map.get('session') : await indexedDbStorage('moonkey-pk_test_1').get('session')
      expect(persisted).toBeUndefined()
      await expect(client.getSessionTokens()).resolves.toBeNull()

      // A new client on the same storage starts logged out too.
      client.destroy()
      const next = setup({ api, storage })
      await ready(next.client)
      expect(next.client.$state.get().isAuthenticated).toBe(false)
    },
  )

  it('resolves offline, stores the revocation and retries it on next start', async () => {
    const { api, storage, token } = stored()
    const first = setup({ api, storage })
    await ready(first.client)
    api.fail = 'offline'
    await expect(first.client.logout()).resolves.toBeUndefined()
    expect(first.client.$state.get().isAuthenticated).toBe(false)
    expect(storage.map.get('revoke')).toEqual([token])
    expect(api.active.has(token)).toBe(true)
    first.client.destroy()

    api.fail = null
    const second = setup({ api, storage })
    await ready(second.client)
    await vi.waitFor(() => expect(api.active.has(token)).toBe(false))
    await vi.waitFor(() => expect(storage.map.has('revoke')).toBe(false))
    expect(second.client.$state.get().isAuthenticated).toBe(false)
  })

  it('retries a failed revocation when the browser comes back online', async () => {
    const { api, storage, token } = stored()
    const { client } = setup({ api, storage })
    await ready(client)
    api.fail = 503
    await client.logout()
    expect(api.active.has(token)).toBe(true)
    api.fail = null
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(api.active.has(token)).toBe(false))
    await vi.waitFor(() => expect(storage.map.has('revoke')).toBe(false))
  })
})

describe('proactive refresh', () => {
  it('refreshes shortly before expiry while logged in and visible', async () => {
    const { api, storage } = stored(300)
    const { client } = setup({ api, storage })
    await ready(client)
    await vi.advanceTimersByTimeAsync(239_000)
    expect(api.count('/sessions/verify')).toBe(1)
    const tokens = await client.getSessionTokens()
    expect(api.count('/sessions/verify')).toBe(1)
    expect(tokens).not.toBeNull()
  })

  it('runs no timer while logged out, hidden, or after destroy()', async () => {
    const { client } = setup()
    await ready(client)
    await flush()
    expect(vi.getTimerCount()).toBe(0)

    const logged = stored(300)
    const other = setup({ api: logged.api, storage: logged.storage, publishableKey: 'pk_test_2' })
    await ready(other.client)
    expect(vi.getTimerCount()).toBe(1)
    setVisibility('hidden')
    await flush()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(logged.api.requests).toHaveLength(0)

    setVisibility('visible')
    await vi.waitFor(() => expect(logged.api.count('/sessions/verify')).toBe(1)) // stale on return
    await flush()
    expect(vi.getTimerCount()).toBe(1)
    other.client.destroy()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('refreshes a stale JWT when the browser comes back online', async () => {
    const { api, storage } = stored(200)
    const { client } = setup({ api, storage })
    await ready(client)
    vi.setSystemTime(NOW + 170_000)
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
  })
})

describe('what a client holds before it needs it (issue 12, heap)', () => {
  it('creates the login states on first use, through getters every client shares', async () => {
    const { client: a } = setup()
    const { client: b } = setup({ publishableKey: 'pk_test_2' })
    const getter = (client: object, key: string) => Object.getOwnPropertyDescriptor(client, key)?.get
    // Shared getters keep one object shape for every client (a getter of its own would not).
    for (const key of ['$loginState', '$walletLogin']) {
      expect(getter(a, key)).toBeTypeOf('function')
      expect(getter(a, key)).toBe(getter(b, key))
    }
    expect(a.$loginState).toBe(a.$loginState)
    expect(a.$loginState).not.toBe(b.$loginState)
    expect(a.$walletLogin).toBe(a.$walletLogin)
    expect(a.$walletLogin).not.toBe(b.$walletLogin)
    // A copy of the client still carries the stores, as before.
    expect({ ...a }.$loginState).toBe(a.$loginState)
    await expect(a.sendCode({ email: 'nope' })).rejects.toMatchObject({ code: 'invalid_email' })
    expect(a.$loginState.get()).toMatchObject({ status: 'error', error: { code: 'invalid_email' } })
    expect(b.$loginState.get()).toEqual({ status: 'initial', error: null })
  })

  it('creates its AbortController with the first request, and destroy() still refuses later ones', async () => {
    const Real = AbortController
    let made = 0
    vi.stubGlobal('AbortController', class extends Real {
      constructor() {
        super()
        made++
      }
    })
    try {
      const { api, storage } = stored()
      const { client } = setup({ api, storage })
      await client.whenReady()
      expect(made).toBe(0) // restored with a fresh JWT: no request yet
      await client.logout() // revokes the session: one request (ky makes one controller of its own per request)
      expect(made).toBeGreaterThan(0)
      expect(api.requests).toHaveLength(1)
      client.destroy()
      await expect(client.sendCode({ email: 'ada@example.com' })).rejects.toMatchObject({ code: 'network_error' })
      expect(api.requests).toHaveLength(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('destroy() leaves nothing (issue 9, item 10)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })
  /** A fake API, and IndexedDB holding one of its live sessions. */
  const storedInIndexedDb = async () => {
    const { api } = stored()
    const idb = indexedDbStorage('moonkey-pk_test_1')
    await idb.set('session', storedRecord(api.session()))
    idb.close?.()
    return api
  }

  it('100 clients started on IndexedDB and destroyed hold no connection, channel, listener or timer', async () => {
    const held = trackHeldResources()
    const api = await storedInIndexedDb()
    for (let i = 0; i < 100; i++) {
      const { client } = setup({ api, storage: 'indexeddb' })
      await ready(client)
      expect(client.$state.get().isAuthenticated).toBe(true)
      client.destroy()
    }
    await vi.waitFor(() =>
      expect(held()).toEqual({ channels: 0, visibility: 0, online: 0, connections: 0, timers: 0 }),
    )
  })

  it('calls after destroy() open no connection and send no request', async () => {
    const held = trackHeldResources()
    const api = await storedInIndexedDb()
    const { client } = setup({ api, storage: 'indexeddb' })
    await ready(client)
    client.destroy()
    vi.setSystemTime(NOW + 250_000) // stale: a call would refresh
    await client.getSessionTokens().catch(() => {})
    await client.logout()
    await flush()
    expect(api.requests).toHaveLength(0)
    await vi.waitFor(() => expect(held().connections).toBe(0))
  })

  it('during a 503 backoff: the retry timer goes and no request starts', async () => {
    const { api, storage } = stored(10) // stale: starting refreshes
    api.fail = 503
    const { client } = setup({ api, storage })
    const stop = client.$state.listen(() => {})
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    await flush() // the first answer came: the backoff wait is on
    client.destroy()
    stop()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(api.requests).toHaveLength(1)
  })
})

describe('subscribers', () => {
  it('may call getSessionTokens() and logout() inside a $state listener', async () => {
    const { api, storage } = stored()
    const { client } = setup({ api, storage })
    const seen: unknown[] = []
    let loggedOut: Promise<void> | undefined
    client.$state.listen((state) => {
      void client.getSessionTokens().then((tokens) => seen.push(tokens && 'tokens'))
      if (state.isAuthenticated) loggedOut = client.logout()
    })
    await ready(client)
    await vi.waitFor(() => expect(loggedOut).toBeDefined())
    await loggedOut
    await flush()
    expect(client.$state.get().isAuthenticated).toBe(false)
    expect(seen).toContain(null)
  })

  it('warns in development when two clients share a publishable key', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await ready(setup({ storage: 'memory' }).client)
    const second = setup({ storage: 'memory' }).client
    expect(warn).not.toHaveBeenCalled() // created, not started yet
    await ready(second)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('pk_test_1'))
  })
})

describe('secrets', () => {
  it('never puts tokens in logs or error messages', async () => {
    const { api, token } = stored()
    const logs: string[] = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logs.push(args.map(String).join(' '))
      })
    }
    // Storage that fails, so the client warns.
    const broken = {
      get: () => Promise.reject(new Error('broken')),
      set: () => Promise.reject(new Error('broken')),
      del: () => Promise.reject(new Error('broken')),
    }
    const { client } = setup({ api, storage: broken })
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    const tokens = await client.getSessionTokens()
    api.fail = 'offline'
    vi.setSystemTime(NOW + 299_000)
    const error = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    const failure = await error
    const text = [...logs, String(failure), (failure as Error).stack, JSON.stringify(failure)].join('\n')
    expect(logs.length).toBeGreaterThan(0)
    for (const secret of [token, tokens!.sessionToken, tokens!.sessionJwt]) {
      expect(text).not.toContain(secret)
    }
  })
})

describe('offline', () => {
  it('tries a stale JWT at most every 30 s while the API is unreachable', async () => {
    const { api, storage } = stored(10)
    api.fail = 'offline'
    const { client } = setup({ api, storage })
    const hydrated = ready(client)
    await vi.advanceTimersByTimeAsync(5_000) // the backoff of the hydration refresh
    await hydrated
    const afterHydration = api.count('/sessions/verify')
    expect(afterHydration).toBe(4) // one refresh, bounded retries
    await vi.advanceTimersByTimeAsync(120_000)
    // at most one refresh (4 requests) per 30 s
    expect(api.count('/sessions/verify') - afterHydration).toBeLessThanOrEqual(4 * 4)
    expect(client.$state.get().isAuthenticated).toBe(true)
    api.fail = null
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(async () => expect((await client.getSessionTokens())?.sessionJwt).toBeDefined())
  })
})

describe('pending revocations (issue 9, items 7 and 9)', () => {
  it('a proxy 404 HTML page on DELETE keeps the revocation pending', async () => {
    const { api, storage, token } = stored()
    const { client } = setup({ api, storage })
    await ready(client)
    api.reply = (path) =>
      path.endsWith('/sessions/delete') ? new Response('<html>Not Found</html>', { status: 404 }) : undefined
    await client.logout()
    expect(storage.map.get('revoke')).toEqual([token])
    api.reply = null
    window.dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(api.active.has(token)).toBe(false))
  })

  it('a DELETE answering 503 is retried with backoff, not on every event, until it succeeds', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5) // no jitter: 250 ms, 500 ms, 1 s, …
    const { api, storage, token } = stored()
    const { client } = setup({ api, storage })
    await ready(client)
    api.fail = 503
    await client.logout()
    for (let i = 0; i < 12; i++) {
      window.dispatchEvent(new Event('online'))
      document.dispatchEvent(new Event('visibilitychange'))
      await vi.advanceTimersByTimeAsync(1000 / 12)
    }
    // Requests at 0, 250 and 750 ms: three in the first second, not thirteen.
    expect(api.count('/sessions/delete')).toBeLessThanOrEqual(3)
    api.fail = null
    await vi.advanceTimersByTimeAsync(2_000) // the next step of the backoff
    expect(api.active.has(token)).toBe(false)
    await vi.waitFor(() => expect(storage.map.has('revoke')).toBe(false))
  })

  it('destroy() during a 503 backoff leaves no timer and sends nothing more', async () => {
    const { api, storage } = stored()
    const { client } = setup({ api, storage })
    await ready(client)
    api.fail = 503
    vi.setSystemTime(NOW + 170_000) // stale: a refresh starts and backs off
    void client.getSessionTokens().catch(() => {})
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    await client.logout()
    const sent = api.requests.length
    client.destroy()
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(api.requests.length).toBe(sent)
  })
})
