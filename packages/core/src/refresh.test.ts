import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { fakeApi, flush, storedRecord } from '../test/fake-api.ts'
import { mapStorage, ready, setup } from '../test/setup-client.ts'
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
