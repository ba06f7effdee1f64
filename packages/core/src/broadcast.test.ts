import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush } from '../test/fake-api.ts'
import { fakeLocks } from '../test/fake-locks.ts'
import { mapStorage, ready, setup, twoTabs } from '../test/setup-client.ts'

const NOW = Date.UTC(2026, 0, 1)

const login = async (client: Awaited<ReturnType<typeof twoTabs>>['a']) => {
  await client.sendCode({ email: 'ada@example.com' })
  return client.loginWithCode({ code: '123456' })
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

describe('tabs', () => {
  it('a login in one tab reaches the other', async () => {
    const { api, a, b } = await twoTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    expect(b.$state.get().user?.email).toBe('ada@example.com')
    const before = api.requests.length
    expect(await b.getSessionTokens()).toEqual(await a.getSessionTokens())
    expect(api.requests).toHaveLength(before)
  })

  it('a refresh in one tab reaches the other; no tab goes back to an older JWT', async () => {
    const { api, a, b } = await twoTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    const old = await b.getSessionTokens()
    const oldRecord = structuredClone(
      (await new Promise((resolve) => {
        const channel = new BroadcastChannel('moonkey:pk_test_1')
        channel.onmessage = (e) => {
          channel.close()
          resolve(e.data.record)
        }
        vi.setSystemTime(NOW + 250_000)
        void a.getSessionTokens()
      })) as object,
    )
    await vi.waitFor(async () =>
      expect((await b.getSessionTokens())?.sessionJwt).not.toBe(old?.sessionJwt),
    )
    const fresh = await b.getSessionTokens()

    // An older JWT arriving late is ignored.
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({
      record: { ...oldRecord, jwt: old?.sessionJwt },
    })
    channel.close()
    await new Promise((resolve) => setTimeout(resolve, 50)) // let the message arrive
    const refreshes = api.count('/sessions/verify')
    expect(await b.getSessionTokens()).toEqual(fresh)
    expect(api.count('/sessions/verify')).toBe(refreshes) // B still holds the fresh JWT
  })

  it('a logout in one tab reaches the other, and a late refresh cannot bring it back', async () => {
    const { api, a, b } = await twoTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    vi.setSystemTime(NOW + 250_000)
    const release = api.hold()
    const late = b.getSessionTokens() // B starts a refresh...
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    const out = a.logout() // ...and A logs out meanwhile
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(false))
    release()
    await expect(late).resolves.toBeNull()
    await out
    await flush()
    expect(b.$state.get().isAuthenticated).toBe(false)
    expect(a.$state.get().isAuthenticated).toBe(false)
  })

  it('without BroadcastChannel, a tab re-reads storage when it becomes visible', async () => {
    vi.stubGlobal('BroadcastChannel', undefined)
    const { a, b } = await twoTabs()
    await login(a)
    await flush()
    expect(b.$state.get().isAuthenticated).toBe(false)
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))

    await a.logout()
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(false))
  })
})

describe('one refresh per expiry per browser (issue 9, item 11)', () => {
  it('10 tabs at one JWT expiry make one refresh request, and all end with its JWT', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}) // same key ten times on one page
    vi.stubGlobal('navigator', { ...navigator, locks: fakeLocks() })
    const api = fakeApi()
    const storage = mapStorage()
    const tabs = Array.from({ length: 10 }, () => setup({ api, storage }).client)
    await Promise.all(tabs.map((tab) => ready(tab)))
    await login(tabs[0]!)
    await vi.waitFor(() => expect(tabs.every((tab) => tab.$state.get().isAuthenticated)).toBe(true))
    vi.setSystemTime(NOW + 250_000) // every tab's JWT is stale at once
    const results = await Promise.all(tabs.map((tab) => tab.getSessionTokens()))
    expect(api.count('/sessions/verify')).toBe(1)
    expect(new Set(results.map((r) => r?.sessionJwt)).size).toBe(1)
    expect(results[0]?.sessionJwt).toBe((storage.map.get('session') as { jwt: string }).jwt)
  })

  it('without Web Locks every tab still refreshes and stays logged in', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.stubGlobal('navigator', { ...navigator, locks: undefined })
    const { api, a, b } = await twoTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    vi.setSystemTime(NOW + 250_000)
    const [ta, tb] = await Promise.all([a.getSessionTokens(), b.getSessionTokens()])
    expect(ta?.sessionToken).toBe(tb?.sessionToken)
    expect(api.count('/sessions/verify')).toBeGreaterThanOrEqual(1)
    expect(a.$state.get().isAuthenticated && b.$state.get().isAuthenticated).toBe(true)
  })
})
