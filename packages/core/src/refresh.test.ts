import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, mintJwt, storedRecord, USER } from '../test/fake-api.ts'
import { mapStorage, ready, setup } from '../test/setup-client.ts'
import { isMoonKeyError, isTransient, MoonKeyError } from './errors.ts'
import { backoff } from './refresh.ts'

const NOW = Date.UTC(2026, 0, 1)

/** A client whose stored JWT has `left` seconds to live. */
const withStoredSession = (left: number) => {
  const api = fakeApi()
  const storage = mapStorage()
  const answer = api.session()
  vi.setSystemTime(NOW - (300 - left) * 1000)
  storage.map.set('session', storedRecord(api.answer(answer.session_token)))
  vi.setSystemTime(NOW)
  return { ...setup({ api, storage }), token: answer.session_token }
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
})
afterEach(() => {
  vi.useRealTimers()
})

describe('getSessionTokens() refresh', () => {
  it('1,000 concurrent calls on a stale JWT make exactly one request', async () => {
    const { api, client } = withStoredSession(30)
    await ready(client)
    expect(api.count('/sessions/verify')).toBe(1) // hydration refreshed the stale JWT
    vi.setSystemTime(NOW + 250_000) // stale again, without running timers
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.getSessionTokens()))
    expect(api.count('/sessions/verify')).toBe(2)
    expect(new Set(results.map((r) => r?.sessionJwt)).size).toBe(1)
  })

  it('1,000 concurrent calls before ready share the hydration refresh', async () => {
    const { api, client } = withStoredSession(30)
    const results = await Promise.all(Array.from({ length: 1000 }, () => client.getSessionTokens()))
    expect(api.count('/sessions/verify')).toBe(1)
    expect(results.every((r) => r?.sessionToken === results[0]?.sessionToken)).toBe(true)
  })

  it('returns a fresh JWT from memory with no I/O', async () => {
    const { api, client, storage } = withStoredSession(200)
    await ready(client)
    await flush()
    const get = vi.spyOn(storage, 'get')
    const tokens = await client.getSessionTokens()
    expect(tokens?.sessionJwt).toBe((storage.map.get('session') as { jwt: string }).jwt)
    expect(api.requests).toHaveLength(0)
    expect(get).not.toHaveBeenCalled()
  })

  it('clears the session on 404 and returns null', async () => {
    const { api, client, storage, token } = withStoredSession(200)
    await ready(client)
    api.active.delete(token)
    vi.setSystemTime(NOW + 200_000)
    await expect(client.getSessionTokens()).resolves.toBeNull()
    expect(client.$state.get()).toMatchObject({ isAuthenticated: false, user: null })
    expect(storage.map.has('session')).toBe(false)
  })

  it('keeps the session on network errors, retries a bounded number of times, then rejects', async () => {
    const { api, client, storage } = withStoredSession(200)
    await ready(client)
    api.fail = 'offline'
    vi.setSystemTime(NOW + 300_000) // expired
    const result = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await result).toMatchObject({ code: 'network_error' })
    expect(api.count('/sessions/verify')).toBe(4)
    expect(client.$state.get().isAuthenticated).toBe(true)
    expect(storage.map.has('session')).toBe(true)

    api.fail = null
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: expect.any(String) })
  })

  it.each([500, 503, 429])('keeps the session on %i and rejects with a typed error', async (status) => {
    const { api, client } = withStoredSession(200)
    await ready(client)
    api.fail = status
    vi.setSystemTime(NOW + 300_000)
    const result = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await result).toMatchObject({
      code: status === 429 ? 'rate_limited' : 'server_error',
      status,
    })
    expect(client.$state.get().isAuthenticated).toBe(true)
  })

  it('never returns an expired JWT, but hands out one with life left when offline', async () => {
    const { api, client } = withStoredSession(200)
    await ready(client)
    api.fail = 'offline'
    vi.setSystemTime(NOW + 170_000) // 30 s left: stale but usable
    const early = client.getSessionTokens()
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(early).resolves.toMatchObject({ sessionToken: expect.any(String) })
    vi.setSystemTime(NOW + 199_000) // 1 s left: not usable
    const late = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await late).toMatchObject({ code: 'network_error' })
  })

  it('backs off with jitter, a few seconds at most', () => {
    expect(backoff(0, () => 0)).toBe(125)
    expect(backoff(0, () => 1)).toBe(375)
    expect(backoff(10, () => 1)).toBe(3000)
  })
})

describe('JWTs shorter than the refresh margin', () => {
  it('refresh once per lifetime, and calls in between need no request', async () => {
    const api = fakeApi()
    api.jwtLifetime = 6 // seconds, as the emulator's --jwt-lifetime allows
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.session()))
    const { client } = setup({ api, storage })
    await ready(client)
    expect(api.count('/sessions/verify')).toBe(0) // 6 s left of 6: fresh

    const jwts = new Set<string>()
    for (let second = 0; second < 30; second++) {
      const tokens = await client.getSessionTokens()
      jwts.add(tokens!.sessionJwt)
      const { exp } = JSON.parse(atob(tokens!.sessionJwt.split('.')[1]!))
      expect(exp * 1000).toBeGreaterThan(Date.now()) // never an expired JWT
      await vi.advanceTimersByTimeAsync(1000)
    }
    // 30 s of 6-second JWTs: each JWT is refreshed once, by the proactive timer
    // a little before it turns stale (every 3.75 s), never once per call.
    expect(api.count('/sessions/verify')).toBeGreaterThanOrEqual(5)
    expect(api.count('/sessions/verify')).toBeLessThanOrEqual(8)
    expect(jwts.size).toBeGreaterThanOrEqual(5)
  })
})

describe('clock skew', () => {
  it.each([
    ['ahead', 10 * 60_000],
    ['behind', -10 * 60_000],
  ])('a local clock 10 minutes %s neither loops nor hands out expired JWTs', async (_, localError) => {
    const { api, client } = setup()
    // The server is right; the device clock is off by `localError`.
    api.skew = -localError
    vi.setSystemTime(NOW + localError)
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    const first = await client.getSessionTokens()
    expect(api.count('/sessions/verify')).toBe(0) // fresh: no refresh loop

    // Let a few JWT lifetimes pass with the page idle: the proactive timer
    // refreshes about once per JWT, never in a loop.
    await vi.advanceTimersByTimeAsync(20 * 60_000)
    const refreshes = api.count('/sessions/verify')
    expect(refreshes).toBeGreaterThanOrEqual(4)
    expect(refreshes).toBeLessThanOrEqual(8)

    // Whatever is handed out is valid on the server clock.
    const tokens = await client.getSessionTokens()
    const exp = JSON.parse(atob(tokens!.sessionJwt.split('.')[1]!)).exp
    expect(exp * 1000 - (Date.now() + api.skew)).toBeGreaterThan(60_000)
    expect(tokens?.sessionJwt).not.toBe(first?.sessionJwt)
  })
})

const claimsOf = (jwt: string) => JSON.parse(atob(jwt.split('.')[1]!)) as { iat: number; exp: number }
const jsonResponse = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } })
const setVisibility = (state: 'visible' | 'hidden'): void => {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('4. newest JWT wins', () => {
  it('a late refresh answer with an older iat replaces neither memory nor storage', async () => {
    const { api, client, storage, token } = withStoredSession(200)
    await ready(client)
    vi.setSystemTime(NOW + 250_000) // stale
    api.delay = 5_000 // the answer is minted now and arrives 5 s later
    const late = client.getSessionTokens()
    await vi.advanceTimersByTimeAsync(1)
    // Meanwhile another tab refreshed and stored a newer JWT (iat 3 s later).
    await vi.advanceTimersByTimeAsync(3_000)
    const newer = storedRecord(api.answer(token))
    storage.map.set('session', newer)
    await vi.advanceTimersByTimeAsync(2_000)
    const tokens = await late
    expect(tokens?.sessionJwt).toBe(newer.jwt)
    expect((storage.map.get('session') as { jwt: string }).jwt).toBe(newer.jwt)
  })

  it('hands out the same settled tokens while fresh, and new ones once the session changes', async () => {
    const { api, client, token } = withStoredSession(200)
    await ready(client)
    const first = await client.getSessionTokens()
    const again = client.getSessionTokens()
    // The fast path: the very same settled promise and object, no request.
    expect(client.getSessionTokens()).toBe(again)
    expect(await again).toBe(first)
    expect(api.count('/sessions/verify')).toBe(0)
    // The wall clock moves on: stale, so the next call refreshes (no timer ran).
    vi.setSystemTime(NOW + 150_000)
    const refreshed = await client.getSessionTokens()
    expect(api.count('/sessions/verify')).toBe(1)
    expect(refreshed?.sessionJwt).not.toBe(first?.sessionJwt)
    const kept = await client.getSessionTokens()
    expect(kept?.sessionJwt).toBe(refreshed?.sessionJwt)
    expect(await client.getSessionTokens()).toBe(kept)
    // A forced refresh never takes the shortcut.
    vi.setSystemTime(NOW + 151_000)
    const forced = await client.getSessionTokens({ forceRefresh: true })
    expect(api.count('/sessions/verify')).toBe(2)
    expect(forced?.sessionJwt).not.toBe(kept?.sessionJwt)
    // Another tab's newer JWT replaces what is handed out.
    vi.setSystemTime(NOW + 152_000)
    const newer = storedRecord(api.answer(token))
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({ record: newer })
    channel.close()
    await vi.advanceTimersByTimeAsync(50)
    expect((await client.getSessionTokens())?.sessionJwt).toBe(newer.jwt)
    // Logged out: nothing handed out any more.
    await client.logout()
    await expect(client.getSessionTokens()).resolves.toBeNull()
  })

  it('a tab message cannot replace a newer JWT that arrived by refresh', async () => {
    const { api, client, token } = withStoredSession(200)
    await ready(client)
    const older = storedRecord(api.answer(token))
    vi.setSystemTime(NOW + 250_000)
    const fresh = await client.getSessionTokens()
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({ record: older })
    channel.close()
    await vi.advanceTimersByTimeAsync(50)
    expect((await client.getSessionTokens())?.sessionJwt).toBe(fresh?.sessionJwt)
  })
  it('hydration does not replace a newer JWT that a tab sent while storage was being read', async () => {
    const api = fakeApi()
    const answer = api.session()
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.answer(answer.session_token)))
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const get = storage.get
    storage.get = async (key) => {
      await gate
      return get(key)
    }
    const { client } = setup({ api, storage })
    const tokens = client.getSessionTokens() // starts hydration, which waits on storage
    await vi.advanceTimersByTimeAsync(5_000)
    const newer = storedRecord(api.answer(answer.session_token))
    const channel = new BroadcastChannel('moonkey:pk_test_1')
    channel.postMessage({ record: newer })
    channel.close()
    await vi.advanceTimersByTimeAsync(50)
    release()
    expect((await tokens)?.sessionJwt).toBe(newer.jwt)
  })
})

describe('5. never an expired JWT, whatever the clocks', () => {
  it('a wall clock set back after tokens were handed out does not keep handing out an expired JWT', async () => {
    const { client } = withStoredSession(200)
    await ready(client)
    const first = await client.getSessionTokens() // the fast path holds these until 140 s from now
    expect(await client.getSessionTokens()).toBe(first)
    // Hidden: no proactive refresh timer replaces the session on its own.
    setVisibility('hidden')
    try {
      vi.setSystemTime(NOW - 120_000) // the wall clock is set back two minutes
      await vi.advanceTimersByTimeAsync(210_000) // 3.5 minutes pass: the JWT expired 10 s ago
      // The wall clock says 90 s have passed; the monotonic timer knows better.
      const tokens = await client.getSessionTokens()
      expect(tokens?.sessionJwt).not.toBe(first?.sessionJwt)
      expect(claimsOf(tokens!.sessionJwt).exp * 1000).toBeGreaterThan(NOW + 210_000)
    } finally {
      setVisibility('visible')
    }
  })

  it('a refresh answer that took 6 s to arrive is dated from when it was asked for', async () => {
    const api = fakeApi()
    api.jwtLifetime = 10
    const storage = mapStorage()
    storage.map.set('session', storedRecord(api.session()))
    const { client } = setup({ api, storage })
    await ready(client)
    vi.setSystemTime(NOW + 9_000) // stale: the next call refreshes
    api.delay = 6_000
    const first = client.getSessionTokens()
    await vi.advanceTimersByTimeAsync(6_000)
    await first
    api.delay = 0
    for (let step = 0; step < 100; step++) {
      const tokens = await client.getSessionTokens()
      expect(claimsOf(tokens!.sessionJwt).exp * 1000).toBeGreaterThan(Date.now())
      await vi.advanceTimersByTimeAsync(200)
    }
  })

  it('a device clock 10 minutes fast at login, set right later, does not keep a JWT alive in a hidden tab', async () => {
    const { api, client } = setup()
    api.skew = -10 * 60_000 // the device is 10 minutes ahead of the server
    vi.setSystemTime(NOW + 10 * 60_000)
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    await client.loginWithCode({ code: '123456' })
    setVisibility('hidden')
    try {
      vi.setSystemTime(NOW) // the device clock is set right
      api.skew = 0
      await vi.advanceTimersByTimeAsync(6 * 60_000) // the 5-minute JWT expired on the server
      const tokens = await client.getSessionTokens()
      expect(claimsOf(tokens!.sessionJwt).exp * 1000).toBeGreaterThan(Date.now())
    } finally {
      setVisibility('visible')
    }
  })
})

describe('6. the session belongs to one user', () => {
  const otherUser = () => {
    const iat = Math.floor(Date.now() / 1000)
    return {
      session_token: 'session_' + 'y'.repeat(64),
      session_jwt: mintJwt(iat, iat + 300, 'user_2', 'sess_2'),
      session: { id: 'sess_2', user_id: 'user_2', started_at: iat, expires_at: iat + 3600 },
      user: { ...USER, id: 'user_2', user_id: 'user_2', email: 'eve@example.com' },
    }
  }

  it.each([
    ['another user and session', otherUser],
    ['this session with a JWT for another user', () => {
      const iat = Math.floor(Date.now() / 1000)
      return { ...otherUser(), session_jwt: mintJwt(iat, iat + 300, 'user_2', 'sess_1'), session: { id: 'sess_1', user_id: 'user_1', started_at: iat, expires_at: iat + 3600 }, user: USER }
    }],
  ])('an answer for %s is rejected with a typed error, never stored or handed out', async (_, make) => {
    const { api, client, storage } = withStoredSession(200)
    await ready(client)
    const before = storage.map.get('session')
    vi.setSystemTime(NOW + 250_000)
    api.reply = (path) => (path.endsWith('/sessions/verify') ? jsonResponse(make()) : undefined)
    const result = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    const outcome = await result
    expect(isMoonKeyError(outcome)).toBe(true)
    expect(['session_mismatch', 'server_error']).toContain((outcome as MoonKeyError).code)
    expect(client.$state.get().user?.id).toBe('user_1')
    expect(storage.map.get('session')).toEqual(before)
  })

  it('another user and session is `session_mismatch`', async () => {
    const { api, client } = withStoredSession(200)
    await ready(client)
    vi.setSystemTime(NOW + 250_000)
    api.reply = (path) => (path.endsWith('/sessions/verify') ? jsonResponse(otherUser()) : undefined)
    await expect(client.getSessionTokens()).rejects.toMatchObject({ code: 'session_mismatch' })
  })
})

describe('7. only the API can end a session', () => {
  const html = (status: number) => () =>
    new Response('<html><body>Not here</body></html>', { status, headers: { 'content-type': 'text/html' } })

  it.each([
    ['a proxy 404 HTML page', html(404)],
    ['a proxy 401 HTML page', html(401)],
    ['a 404 that is not the API error shape', () => jsonResponse({ message: 'Not Found' }, 404)],
    ['an unknown 418', () => jsonResponse({ error_type: 'teapot', status_code: 418 }, 418)],
    ['an HTML 502', html(502)],
    ['an HTML 200', html(200)],
  ])('%s keeps the session and rejects with a retryable typed error', async (_, reply) => {
    const { api, client, storage } = withStoredSession(200)
    await ready(client)
    vi.setSystemTime(NOW + 250_000)
    api.reply = (path) => (path.endsWith('/sessions/verify') ? reply() : undefined)
    const result = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    const error = await result
    expect(error).toBeInstanceOf(MoonKeyError)
    expect(isTransient(error)).toBe(true)
    expect(client.$state.get().isAuthenticated).toBe(true)
    expect(storage.map.has('session')).toBe(true)

    api.reply = null
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: expect.any(String) })
  })

  it('the API saying session_not_found still logs out', async () => {
    const { api, client, token } = withStoredSession(200)
    await ready(client)
    api.active.delete(token)
    vi.setSystemTime(NOW + 250_000)
    await expect(client.getSessionTokens()).resolves.toBeNull()
    expect(client.$state.get().isAuthenticated).toBe(false)
  })
})

describe('8. malformed answers are typed errors', () => {
  it.each([
    ['JSON null', () => null],
    ['{}', () => ({})],
    ['a JWT without user or session', () => ({ session_token: 'x', session_jwt: mintJwt(Math.floor(Date.now() / 1000)) })],
    ['a number', () => 42],
  ])('a refresh answered with %s rejects with a MoonKeyError', async (_, body) => {
    const { api, client } = withStoredSession(200)
    await ready(client)
    vi.setSystemTime(NOW + 250_000)
    api.reply = (path) => (path.endsWith('/sessions/verify') ? jsonResponse(body()) : undefined)
    const result = client.getSessionTokens().catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await result).toMatchObject({ name: 'MoonKeyError', code: 'server_error' })
    expect(client.$state.get().isAuthenticated).toBe(true)
  })

  it.each([
    ['JSON null', () => null],
    ['{}', () => ({})],
  ])('a login answered with %s rejects with a MoonKeyError', async (_, body) => {
    const { api, client } = setup()
    await ready(client)
    await client.sendCode({ email: 'ada@example.com' })
    api.reply = (path) => (path.endsWith('/otps/verify') ? jsonResponse(body()) : undefined)
    await expect(client.loginWithCode({ code: '123456' })).rejects.toMatchObject({
      name: 'MoonKeyError',
      code: 'server_error',
    })
  })
})

describe('9. back off when told to', () => {
  it('429 with Retry-After: 60 holds every refresh, however many events ask, then tries again', async () => {
    const { api, client } = withStoredSession(200)
    await ready(client)
    vi.setSystemTime(NOW + 160_000) // stale, 40 s left
    api.fail = 429
    api.retryAfter = 60
    await expect(client.getSessionTokens()).resolves.toMatchObject({ sessionToken: expect.any(String) })
    expect(api.count('/sessions/verify')).toBe(1)
    for (let i = 0; i < 10; i++) {
      window.dispatchEvent(new Event(i % 2 ? 'online' : 'focus'))
      setVisibility('visible')
      await client.getSessionTokens().catch(() => {})
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(api.count('/sessions/verify')).toBe(1)
    const during = await client.getSessionTokens().catch((e: unknown) => e)
    expect(during).toMatchObject({ sessionToken: expect.any(String) }) // still 39 s left
    api.fail = null
    await vi.advanceTimersByTimeAsync(60_000)
    expect(api.count('/sessions/verify')).toBe(2) // the timer tried once, after the cooldown
    expect(client.$state.get().isAuthenticated).toBe(true)
  })
})
