import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'

import { fakeApi, flush, type FakeApi } from '../test/fake-api.ts'
import { ready, setup, storedSession as stored, twoTabs } from '../test/setup-client.ts'
import type { LogoutReason, MoonKeyClient, MoonKeyEvent, MoonKeyState, SessionTokens, User } from './index.ts'

const NOW = Date.UTC(2026, 0, 1)

/** A stored session (fresh JWT) that ends on its own in an hour. */
const hourLong = () => {
  const api = fakeApi()
  api.sessionLifetime = 3600
  return stored(300, api)
}

/** Every event `client` fires, as `type` or `type:detail`, in the order the handlers saw them. */
const record = (client: MoonKeyClient) => {
  const seen: string[] = []
  const events: MoonKeyEvent[] = []
  const push = (event: MoonKeyEvent) => {
    events.push(event)
    seen.push(
      event.type === 'login' ? `login:${event.user.email}` : event.type === 'logout' ? `logout:${event.reason}` : event.type,
    )
  }
  const offs = (['ready', 'login', 'refresh', 'logout'] as const).map((name) => client.on(name, push))
  return { seen, events, off: () => offs.forEach((off) => off()) }
}

const login = async (client: MoonKeyClient) => {
  await client.sendCode({ email: 'ada@example.com' })
  return client.loginWithCode({ code: '123456' })
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('events in this tab', () => {
  it("'ready' fires once after hydration, with the state; a restored session is no 'login'", async () => {
    const { api, storage } = stored()
    const { client } = setup({ api, storage })
    const log = record(client) // subscribing starts the client
    await ready(client)
    await flush()
    expect(log.seen).toEqual(['ready'])
    expect(log.events[0]).toMatchObject({ type: 'ready', state: { ready: true, isAuthenticated: true, reason: null } })
    await client.getSessionTokens()
    await flush()
    expect(log.seen).toEqual(['ready'])
  })

  it("a stale stored JWT refreshed during hydration gives 'ready' only", async () => {
    const { api, storage } = stored(10)
    const { client } = setup({ api, storage })
    const log = record(client)
    await ready(client)
    await flush()
    expect(api.count('/sessions/verify')).toBe(1)
    expect(log.seen).toEqual(['ready'])
  })

  it("login, refresh and logout fire once each, in order; 'refresh' carries the new tokens", async () => {
    const { api, client } = setup()
    const log = record(client)
    await ready(client)
    await login(client)
    await flush()
    vi.setSystemTime(NOW + 250_000) // stale: the next call refreshes
    const tokens = await client.getSessionTokens()
    await flush()
    expect(api.count('/sessions/verify')).toBe(1)
    await client.logout()
    await flush()
    expect(log.seen).toEqual(['ready', 'login:ada@example.com', 'refresh', 'logout:logout'])
    expect(log.events[2]).toEqual({ type: 'refresh', tokens })
  })

  it('fires nothing for a change that did not happen', async () => {
    const { api, storage } = stored()
    const { client } = setup({ api, storage })
    const log = record(client)
    await ready(client)
    await client.getSessionTokens() // fresh: from memory
    await client.logout()
    await client.logout() // logged out already
    await expect(client.getSessionTokens()).resolves.toBeNull()
    await flush()
    expect(log.seen).toEqual(['ready', 'logout:logout'])
  })

  it('a change made inside a handler comes after the event being delivered, for every handler', async () => {
    const { client } = setup()
    const first: string[] = []
    client.on('login', () => {
      first.push('login')
      void client.logout()
    })
    client.on('logout', () => first.push('logout'))
    const later = record(client) // subscribed after the handler that logs out
    await ready(client)
    await login(client)
    await vi.waitFor(() => expect(later.seen).toContain('logout:logout'))
    expect(later.seen).toEqual(['ready', 'login:ada@example.com', 'logout:logout'])
    expect(first).toEqual(['login', 'logout'])
  })

  it('an unsubscribed handler gets nothing more, even an event already on its way', async () => {
    const { client } = setup()
    const log = record(client)
    const late = vi.fn()
    let offLate = (): void => {}
    client.on('login', () => offLate()) // runs first: `late` is already queued by then
    offLate = client.on('login', late)
    await ready(client)
    await login(client)
    log.off()
    await client.logout()
    await flush()
    expect(log.seen).toEqual(['ready', 'login:ada@example.com'])
    expect(late).toHaveBeenCalledTimes(0)
  })

  it('a handler that throws is reported and stops neither the other handlers nor the client', async () => {
    const thrown: unknown[] = []
    const queue = globalThis.queueMicrotask
    // What the browser does with an uncaught error in a microtask (window 'error'), kept for the test.
    vi.stubGlobal('queueMicrotask', (task: () => void) =>
      queue(() => {
        try {
          task()
        } catch (error) {
          thrown.push(error)
        }
      }),
    )
    const { client, storage } = setup()
    const boom = new Error('handler bug')
    client.on('login', () => {
      throw boom
    })
    const log = record(client)
    await ready(client)
    await login(client)
    await flush()
    expect(thrown).toEqual([boom])
    expect(log.seen).toEqual(['ready', 'login:ada@example.com'])
    expect(client.$state.get().isAuthenticated).toBe(true)
    expect(storage.map.has('session')).toBe(true)
    await client.logout()
    await flush()
    expect(log.seen.at(-1)).toBe('logout:logout')
  })
})

describe('logout reasons', () => {
  it("$state keeps the reason while logged out, and drops it on the next login", async () => {
    const { client } = setup()
    await ready(client)
    expect(client.$state.get().reason).toBeNull()
    await login(client)
    await client.logout()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false, reason: 'logout' })
    await login(client)
    expect(client.$state.get()).toMatchObject({ isAuthenticated: true, reason: null })
  })

  it.each([
    ['revoked', 'a refresh is answered 404 (session gone)', (api: FakeApi, token: string) => api.active.delete(token), 250],
    ['revoked', 'a refresh is answered 401', (api: FakeApi) => (api.fail = 401), 250],
    ['expired', "the session's own expiry passed (no request)", () => {}, 3600],
    ['expired', 'a refresh is answered 404 a second before the expiry', (api: FakeApi, token: string) => api.active.delete(token), 3599],
  ] as const)("'%s' when %s", async (reason, _, end, seconds) => {
    const { api, storage, token } = hourLong()
    const { client } = setup({ api, storage })
    const log = record(client)
    await ready(client)
    end(api, token)
    vi.setSystemTime(NOW + seconds * 1000)
    await expect(client.getSessionTokens()).resolves.toBeNull()
    await flush()
    expect(api.count('/sessions/verify')).toBe(seconds === 3600 ? 0 : 1)
    expect(log.seen).toEqual(['ready', `logout:${reason}`])
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false, reason })
    expect(storage.map.has('session')).toBe(false)
  })

  it("a stored session found expired or revoked at start gives 'ready' with that reason, no 'logout'", async () => {
    const expired = hourLong()
    vi.setSystemTime(NOW + 3600_000)
    const one = setup({ api: expired.api, storage: expired.storage })
    const log = record(one.client)
    await ready(one.client)
    await flush()
    expect(log.seen).toEqual(['ready'])
    expect(one.client.$state.get()).toMatchObject({ isAuthenticated: false, reason: 'expired' })

    const revoked = stored(10)
    revoked.api.active.delete(revoked.token)
    const two = setup({ api: revoked.api, storage: revoked.storage, publishableKey: 'pk_test_2' })
    await ready(two.client)
    expect(two.client.$state.get()).toMatchObject({ isAuthenticated: false, reason: 'revoked' })
  })
})

describe('events across tabs', () => {
  /** Two tabs, each with its events recorded from the start. */
  const recordedTabs = async () => {
    const logs: Array<ReturnType<typeof record>> = []
    const tabs = await twoTabs((client) => logs.push(record(client)))
    return { ...tabs, logs: { a: logs[0]!, b: logs[1]! } }
  }

  it("a login, a refresh and a logout in one tab reach the other once each; the logout as 'other-tab'", async () => {
    const { a, b, logs } = await recordedTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    vi.setSystemTime(NOW + 250_000)
    const tokens = await a.getSessionTokens()
    await vi.waitFor(() => expect(logs.b.seen).toContain('refresh'))
    await a.logout()
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(false))
    await flush()
    expect(logs.a.seen).toEqual(['ready', 'login:ada@example.com', 'refresh', 'logout:logout'])
    expect(logs.b.seen).toEqual(['ready', 'login:ada@example.com', 'refresh', 'logout:other-tab'])
    expect(logs.b.events[2]).toEqual({ type: 'refresh', tokens })
    expect(b.$state.get().reason).toBe('other-tab')
  })

  it('a session the API revoked is revoked in the other tab too', async () => {
    const { api, a, b, logs } = await recordedTabs()
    await login(a)
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(true))
    api.active.clear()
    vi.setSystemTime(NOW + 250_000)
    await expect(a.getSessionTokens()).resolves.toBeNull()
    await vi.waitFor(() => expect(b.$state.get().isAuthenticated).toBe(false))
    await flush()
    expect(logs.a.seen.at(-1)).toBe('logout:revoked')
    expect(logs.b.seen.at(-1)).toBe('logout:revoked')
  })
})

describe('whenReady()', () => {
  it('starts the client and resolves with the state once hydration, with its refresh, is done', async () => {
    const { api, storage } = stored(10)
    const release = api.hold()
    const { client } = setup({ api, storage })
    let state: unknown
    void client.whenReady().then((s) => (state = s))
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    await flush()
    expect(state).toBeUndefined()
    release()
    await vi.waitFor(() => expect(state).toBeDefined())
    expect(state).toBe(client.$state.get())
    expect(state).toMatchObject({ ready: true, isAuthenticated: true, user: { email: 'ada@example.com' } })
    // Later calls resolve at once with the current state.
    await client.logout()
    await expect(client.whenReady()).resolves.toMatchObject({ ready: true, isAuthenticated: false })
  })
})

describe('getSessionTokens({ forceRefresh: true })', () => {
  it('refreshes a fresh JWT', async () => {
    const { api, storage } = stored(250)
    const { client } = setup({ api, storage })
    const before = await client.getSessionTokens()
    expect(api.count('/sessions/verify')).toBe(0)
    vi.setSystemTime(NOW + 1_000)
    const after = await client.getSessionTokens({ forceRefresh: true })
    expect(api.count('/sessions/verify')).toBe(1)
    expect(after?.sessionToken).toBe(before?.sessionToken)
    expect(after?.sessionJwt).not.toBe(before?.sessionJwt)
    expect(await client.getSessionTokens()).toEqual(after)
  })

  it('shares one request among concurrent forced calls, and joins a refresh already in flight', async () => {
    const { api, storage } = stored(250)
    const { client } = setup({ api, storage })
    const before = await client.getSessionTokens()
    let release = api.hold()
    const forced = [client.getSessionTokens({ forceRefresh: true }), client.getSessionTokens({ forceRefresh: true })]
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(1))
    forced.push(client.getSessionTokens({ forceRefresh: true }))
    release()
    const results = await Promise.all(forced)
    expect(api.count('/sessions/verify')).toBe(1)
    expect(new Set(results.map((tokens) => tokens?.sessionJwt))).toEqual(new Set([(await client.getSessionTokens())?.sessionJwt]))
    expect(results[0]?.sessionJwt).not.toBe(before?.sessionJwt)

    vi.setSystemTime(NOW + 250_000) // stale: a plain call refreshes too
    release = api.hold()
    const plain = client.getSessionTokens()
    await vi.waitFor(() => expect(api.count('/sessions/verify')).toBe(2))
    const joined = client.getSessionTokens({ forceRefresh: true })
    release()
    expect(await joined).toEqual(await plain)
    expect(api.count('/sessions/verify')).toBe(2)
  })

  it('rejects when the refresh fails, even with a fresh JWT at hand', async () => {
    const { api, storage } = stored(250)
    const { client } = setup({ api, storage })
    await ready(client)
    api.fail = 'offline'
    const forced = client.getSessionTokens({ forceRefresh: true }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(10_000) // the retries' backoff
    expect(await forced).toMatchObject({ name: 'MoonKeyError', code: 'network_error' })
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionJwt: expect.any(String) })
  })
})

describe('types (checked by typecheck, strict)', () => {
  it('narrow each event by its name', () => {
    const { client } = setup()
    const offs = [
      client.on('logout', (event) => expectTypeOf(event.reason).toEqualTypeOf<LogoutReason>()),
      client.on('login', (event) => {
        expectTypeOf(event.user).toEqualTypeOf<User>()
        // @ts-expect-error a login has no reason
        void event.reason
      }),
      client.on('refresh', (event) => expectTypeOf(event.tokens).toEqualTypeOf<SessionTokens>()),
      client.on('ready', (event) => expectTypeOf(event.state).toEqualTypeOf<MoonKeyState>()),
      // @ts-expect-error not an event
      client.on('signin', () => {}),
    ]
    expectTypeOf(offs[0]!).toEqualTypeOf<() => void>()
    const state = client.$state.get()
    if (!state.isAuthenticated) expectTypeOf(state.reason).toEqualTypeOf<LogoutReason | null>()
    else expectTypeOf(state.reason).toEqualTypeOf<null>()
    expectTypeOf(client.whenReady).returns.resolves.toEqualTypeOf<MoonKeyState>()
    offs.forEach((off) => off())
  })
})
