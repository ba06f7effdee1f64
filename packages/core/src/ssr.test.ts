// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, storedRecord } from '../test/fake-api.ts'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('server-side rendering', () => {
  it('creates a client in Node without window: no IndexedDB (not even at module load), BroadcastChannel or timer; never ready', async () => {
    vi.useFakeTimers()
    expect(typeof window).toBe('undefined')
    const open = vi.fn()
    const channel = vi.fn()
    const databases = vi.fn(() => Promise.resolve([]))
    vi.stubGlobal('indexedDB', { open, databases })
    // Loaded afresh, so its module-level code runs with these globals.
    vi.resetModules()
    const { createMoonKey } = await import('./index.ts')
    vi.stubGlobal('BroadcastChannel', channel)
    const api = fakeApi()
    const client = createMoonKey({ publishableKey: 'pk_test_ssr', fetch: api.fetch })

    expect(client.$state.get()).toEqual({
      ready: false,
      isAuthenticated: false,
      user: null,
      session: null,
      reason: null,
      persisted: true,
    })
    await expect(client.getSessionTokens()).resolves.toBeNull()
    await expect(client.logout()).resolves.toBeUndefined()
    const ready = vi.fn()
    client.on('ready', ready)
    // It never turns ready on the server: whenReady() answers at once with that.
    await expect(client.whenReady()).resolves.toMatchObject({ ready: false, isAuthenticated: false })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(client.$state.get().ready).toBe(false)
    expect(ready).not.toHaveBeenCalled()
    expect(open).not.toHaveBeenCalled()
    expect(databases).not.toHaveBeenCalled()
    expect(channel).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
    expect(api.requests).toHaveLength(0)
    client.destroy()
  })

  it('with an initialState, starts ready with that user and stays so; cookies write nothing', async () => {
    vi.useFakeTimers()
    const api = fakeApi()
    const record = storedRecord(api.session())
    const user = { ...record.user, wallet: null, wallets: [] }
    const auth = { userId: user.id, sessionId: 'sess_1', user, session: record.session }
    const { createMoonKey } = await import('./index.ts')
    const client = createMoonKey({ publishableKey: 'pk_test_ssr', fetch: api.fetch, initialState: auth, cookies: true })
    const first = client.$state.get()
    expect(first).toEqual({ ready: true, isAuthenticated: true, user, session: record.session, reason: null, persisted: true })
    await expect(client.whenReady()).resolves.toBe(first)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(client.$state.get()).toBe(first)
    expect(vi.getTimerCount()).toBe(0)
    expect(api.requests).toHaveLength(0)
    client.destroy()

    const loggedOut = createMoonKey({ publishableKey: 'pk_test_ssr', initialState: null })
    expect(loggedOut.$state.get()).toMatchObject({ ready: true, isAuthenticated: false, user: null })
    loggedOut.destroy()
  })
})
