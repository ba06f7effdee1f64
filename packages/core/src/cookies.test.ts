import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, mintJwt, storedRecord } from '../test/fake-api.ts'
import { mapStorage, ready, setup } from '../test/setup-client.ts'
import { COOKIES, trackCookies } from './cookies.ts'
import { isMoonKeyError, MoonKeyError } from './errors.ts'
import type { MoonKeyClient } from './index.ts'
import { createSessionStore, parseRecord } from './session-store.ts'
import { initialValue } from './initial-state.ts'

const NOW = Date.UTC(2026, 0, 1)
const [JWT, TOKEN] = COOKIES

/** The cookies the page sees, by name. */
const jar = (): Record<string, string> =>
  Object.fromEntries(
    document.cookie
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), decodeURIComponent(c.slice(c.indexOf('=') + 1))]),
  )
/** Every `document.cookie = …` of the test, as written. */
let writes: string[]

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] })
  writes = []
  let proto = document as object
  while (!Object.getOwnPropertyDescriptor(proto, 'cookie')) proto = Object.getPrototypeOf(proto)
  const { get, set } = Object.getOwnPropertyDescriptor(proto, 'cookie')!
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () => get!.call(document),
    set: (value: string) => {
      writes.push(value)
      set!.call(document, value)
    },
  })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  delete (document as { cookie?: string }).cookie
  for (const name of COOKIES) document.cookie = `${name}=;Path=/;Expires=${new Date(0).toUTCString()}`
})

const login = async (client: MoonKeyClient) => {
  await client.sendCode({ email: 'ada@example.com' })
  await client.loginWithCode({ code: '123456' })
}

describe('session cookies', () => {
  it('are off by default', async () => {
    const { client } = setup()
    await login(client)
    await flush()
    expect(jar()).toEqual({})
    expect(writes).toEqual([])
  })

  it('a login sets both, with Path=/, SameSite=Lax, no Secure on http, expiring with the session', async () => {
    const { client, api } = setup({ cookies: true })
    await login(client)
    const tokens = (await client.getSessionTokens())!
    await vi.waitFor(() => expect(jar()).toEqual({ [JWT]: tokens.sessionJwt, [TOKEN]: tokens.sessionToken }))
    const expires = new Date(client.$state.get().session!.expiresAt * 1000).toUTCString()
    expect(client.$state.get().session!.expiresAt).toBe(api.serverSeconds() + api.sessionLifetime)
    expect(writes.slice(-2)).toEqual([
      `${JWT}=${tokens.sessionJwt};Expires=${expires};Path=/;SameSite=lax`,
      `${TOKEN}=${tokens.sessionToken};Expires=${expires};Path=/;SameSite=lax`,
    ])
  })

  it('takes secure, sameSite, domain and path', async () => {
    const { client } = setup({ cookies: { secure: true, sameSite: 'strict', domain: 'localhost', path: '/app' } })
    await login(client)
    await vi.waitFor(() => expect(writes.at(-1)).toMatch(/;Path=\/app;SameSite=strict;Domain=localhost;Secure$/))
  })

  it('every new JWT replaces the cookie; the token stays', async () => {
    const { client } = setup({ cookies: true })
    await login(client)
    const first = (await client.getSessionTokens())!
    await vi.waitFor(() => expect(jar()[JWT]).toBe(first.sessionJwt))
    vi.setSystemTime(NOW + 10_000)
    const second = (await client.getSessionTokens({ forceRefresh: true }))!
    expect(second.sessionJwt).not.toBe(first.sessionJwt)
    expect(jar()).toEqual({ [JWT]: second.sessionJwt, [TOKEN]: first.sessionToken })
  })

  it('a logout deletes both', async () => {
    const { client } = setup({ cookies: true })
    await login(client)
    await vi.waitFor(() => expect(Object.keys(jar())).toHaveLength(2))
    await client.logout()
    expect(jar()).toEqual({})
    expect(writes.at(-1)).toMatch(/^moonkey_session_token=;Expires=Thu, 01 Jan 1970 00:00:00 GMT;Path=\//)
  })

  it("another tab's logout deletes them here too (through the tab channel)", async () => {
    const storage = mapStorage()
    const { client, api } = setup({ cookies: true, storage })
    await login(client)
    const { sessionToken } = (await client.getSessionTokens())!
    await vi.waitFor(() => expect(Object.keys(jar())).toHaveLength(2))
    // The other tab: deletes the stored session, then says so.
    api.active.delete(sessionToken)
    storage.map.delete('session')
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({ logout: sessionToken })
    channel.close()
    await vi.waitFor(() => expect(client.$state.get().isAuthenticated).toBe(false))
    expect(client.$state.get().reason).toBe('other-tab')
    expect(jar()).toEqual({})
  })

  it("another tab's login sets them here too", async () => {
    const { client, api } = setup({ cookies: true })
    await ready(client)
    await vi.waitFor(() => expect(writes.length).toBeGreaterThan(0)) // the logged-out start wrote its deletions
    const answer = api.session()
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({ record: storedRecord(answer) })
    channel.close()
    await vi.waitFor(() => expect(jar()).toEqual({ [JWT]: answer.session_jwt, [TOKEN]: answer.session_token }))
  })

  it('a revoked session deletes them', async () => {
    const { client, api } = setup({ cookies: true })
    await login(client)
    const { sessionToken } = (await client.getSessionTokens())!
    await vi.waitFor(() => expect(Object.keys(jar())).toHaveLength(2))
    api.active.delete(sessionToken)
    await expect(client.getSessionTokens({ forceRefresh: true })).resolves.toBeNull()
    expect(client.$state.get().reason).toBe('revoked')
    expect(jar()).toEqual({})
  })

  it('on load: a stored session sets them; none (or an expired one) deletes stale ones', async () => {
    const api = fakeApi()
    const storage = mapStorage()
    const answer = api.session()
    storage.map.set('session', storedRecord(answer))
    const live = setup({ cookies: true, storage, api }).client
    await ready(live)
    await vi.waitFor(() => expect(jar()).toEqual({ [JWT]: answer.session_jwt, [TOKEN]: answer.session_token }))
    live.destroy()

    // Left behind by a tab that died: this tab's storage holds a session that has ended.
    storage.map.set('session', { ...storedRecord(answer), session: { ...storedRecord(answer).session, expiresAt: 1 } })
    const ended = setup({ cookies: true, storage, api }).client
    await ready(ended)
    await vi.waitFor(() => expect(jar()).toEqual({}))
  })

  it('reports a cookie over 4 KB on the console as a typed error, and never throws', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const store = createSessionStore(initialValue(undefined))
    trackCookies(store, true, MoonKeyError)
    const base = storedRecord(fakeApi().session())
    const big = mintJwt(NOW / 1000, NOW / 1000 + 300)
    const [head, , sig] = big.split('.')
    const payload = btoa(JSON.stringify({ sub: 'user_1', jti: 'sess_1', iat: NOW / 1000, exp: NOW / 1000 + 300, pad: 'x'.repeat(4000) }))
    const record = parseRecord({ ...base, jwt: `${head}.${payload.replace(/=+$/, '')}.${sig}` })!
    expect(() => {
      store.ready()
      store.put(record)
    }).not.toThrow()
    expect(error).toHaveBeenCalledTimes(1)
    const [reported] = error.mock.calls[0]!
    expect(isMoonKeyError(reported) && reported.code).toBe('cookie_too_large')
    expect((reported as Error).message).toContain(JWT)
    expect((reported as Error).message).not.toMatch(/eyJ/)
  })

  it('loaded after the store was hydrated, it catches up at once', () => {
    const store = createSessionStore(initialValue(undefined))
    const record = parseRecord(storedRecord(fakeApi().session()))!
    store.ready()
    store.put(record)
    expect(jar()).toEqual({})
    trackCookies(store, true, MoonKeyError)
    expect(jar()).toEqual({ [JWT]: record.jwt, [TOKEN]: record.token })
  })

  it('writes nothing before the store was hydrated (only its final state counts)', () => {
    const store = createSessionStore(initialValue(undefined))
    trackCookies(store, true, MoonKeyError)
    store.put(parseRecord(storedRecord(fakeApi().session()))!)
    expect(writes).toEqual([])
    store.ready()
    expect(Object.keys(jar())).toEqual(COOKIES)
  })
})
