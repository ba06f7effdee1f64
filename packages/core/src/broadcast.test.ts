import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { flush } from '../test/fake-api.ts'
import { twoTabs } from '../test/setup-client.ts'

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
