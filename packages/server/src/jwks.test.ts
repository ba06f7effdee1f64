import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { expectAuthError } from '../test/expect-error.ts'
import { APP_ID, ISSUER, mint, newKey, startJwksServer, type JwksServer, type TestKey } from '../test/jwks-server.ts'
import { createMoonKeyServer } from './client.ts'
import { jwksMaxAge } from './jwks.ts'

describe('jwksMaxAge', () => {
  const age = (cacheControl?: string, extra: Record<string, string> = {}) =>
    jwksMaxAge(new Headers({ ...(cacheControl === undefined ? {} : { 'Cache-Control': cacheControl }), ...extra }))

  it('honours max-age, minus Age, within [5 s, 24 h]', () => {
    expect(age('public, max-age=60')).toBe(60_000)
    expect(age('max-age=60', { Age: '20' })).toBe(40_000)
    expect(age('max-age=1')).toBe(5_000)
    expect(age('max-age=999999')).toBe(24 * 60 * 60_000)
  })

  it('treats no-store as the minimum and no header as 10 minutes', () => {
    expect(age('no-store')).toBe(5_000)
    expect(age()).toBe(600_000)
  })
})

describe('JWKS cache (local JWKS server, counted fetches)', () => {
  let server: JwksServer
  let first: TestKey
  let second: TestKey
  let clock: number

  beforeAll(async () => {
    first = await newKey('jwk_first')
    second = await newKey('jwk_second')
    server = await startJwksServer([first])
  })
  afterAll(async () => {
    await server?.close()
  })
  beforeEach(() => {
    server.keys = [first]
    server.fetches = 0
    server.failing = false
    server.cacheControl = 'public, max-age=60'
    clock = Date.now()
  })

  const moonkey = (options: { fetch?: typeof globalThis.fetch; timeoutMs?: number } = {}) =>
    createMoonKeyServer({ secretKey: 'sk_test_emulator', apiUrl: server.url, appId: APP_ID, now: () => clock, ...options })

  /**
   * A fetch to the local JWKS server that, once `hang` is set, holds each request
   * until the test releases it (or, with `honourAbort`, until its timeout aborts it).
   */
  function hangingFetch({ honourAbort = false } = {}) {
    const held: Array<() => void> = []
    const state = {
      hang: false,
      /** Requests held so far. */
      held: 0,
      /** Lets every held request through to the server. */
      release: () => held.splice(0).forEach((go) => go()),
      fetch: ((input, init) => {
        if (!state.hang) return globalThis.fetch(input, init)
        state.held++
        return new Promise<Response>((resolve, reject) => {
          held.push(() => resolve(globalThis.fetch(input, { ...init, signal: null })))
          if (honourAbort) init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))
        })
      }) as typeof globalThis.fetch,
    }
    return state
  }

  it('fetches the JWKS once and verifies offline afterwards', async () => {
    const server0 = moonkey()
    const jwt = await mint(first, clock)
    for (let i = 0; i < 5; i++) {
      const { userId, sessionId, session, claims } = await server0.verifySessionJwt(jwt)
      expect({ userId, sessionId }).toEqual({ userId: 'user_1', sessionId: 'sess_1' })
      expect(session).toMatchObject({ id: 'sess_1', userId: 'user_1' })
      expect(claims.iss).toBe(ISSUER)
    }
    expect(server.fetches).toBe(1)
  })

  it('merges concurrent first fetches into one', async () => {
    const server0 = moonkey()
    const jwt = await mint(first, clock)
    await Promise.all(Array.from({ length: 50 }, () => server0.verifySessionJwt(jwt)))
    expect(server.fetches).toBe(1)
  })

  it('refetches when the Cache-Control max-age has passed, not before', async () => {
    const server0 = moonkey()
    const jwt = await mint(first, clock)
    await server0.verifySessionJwt(jwt)
    clock += 59_000
    await server0.verifySessionJwt(jwt)
    expect(server.fetches).toBe(1)
    clock += 2_000
    await server0.verifySessionJwt(await mint(first, clock))
    // Refreshed in the background (stale-while-revalidate).
    await vi.waitFor(() => expect(server.fetches).toBe(2))
  })

  it('refetches once on an unknown kid (rotation) and then verifies the new key', async () => {
    const server0 = moonkey()
    await server0.verifySessionJwt(await mint(first, clock))
    server.keys = [second, first]
    const rotated = await mint(second, clock)
    expect((await server0.verifySessionJwt(rotated)).userId).toBe('user_1')
    expect(server.fetches).toBe(2)
    await server0.verifySessionJwt(rotated)
    await server0.verifySessionJwt(await mint(first, clock))
    expect(server.fetches).toBe(2)
  })

  it('merges 50 concurrent unknown-kid verifications into one refetch', async () => {
    const server0 = moonkey()
    await server0.verifySessionJwt(await mint(first, clock))
    server.keys = [second, first]
    const rotated = await mint(second, clock)
    const results = await Promise.all(Array.from({ length: 50 }, () => server0.verifySessionJwt(rotated)))
    expect(results.every((result) => result.userId === 'user_1')).toBe(true)
    expect(server.fetches).toBe(2)
  })

  it('does not storm the JWKS endpoint with a repeated forged kid', async () => {
    const server0 = moonkey()
    await server0.verifySessionJwt(await mint(first, clock))
    const forger = await newKey('jwk_forged')
    const forged = await mint(forger, clock)
    await expectAuthError(server0.verifySessionJwt(forged), 'invalid_token')
    expect(server.fetches).toBe(2)
    for (let i = 0; i < 20; i++) await expectAuthError(server0.verifySessionJwt(forged), 'invalid_token')
    await Promise.all(Array.from({ length: 50 }, () => expectAuthError(server0.verifySessionJwt(forged), 'invalid_token')))
    expect(server.fetches).toBe(2)
    // After the cooldown (30 s) one more refetch is allowed.
    clock += 31_000
    await expectAuthError(server0.verifySessionJwt(await mint(forger, clock)), 'invalid_token')
    expect(server.fetches).toBe(3)
  })

  it('rejects a token whose kid names a known key but is signed by another key', async () => {
    const forger = await newKey(first.kid)
    await expectAuthError(moonkey().verifySessionJwt(await mint(forger, clock)), 'invalid_token')
  })

  it('checks issuer and audience', async () => {
    const server0 = moonkey()
    await expectAuthError(server0.verifySessionJwt(await mint(first, clock, { claims: { iss: 'moonkey.fun/app_other' } })), 'invalid_token')
    await expectAuthError(server0.verifySessionJwt(await mint(first, clock, { claims: { aud: 'app_other' } })), 'invalid_token')
    await expectAuthError(server0.verifySessionJwt(await mint(first, clock, { claims: { aud: ['app_other'] } })), 'invalid_token')
  })

  it('refuses a token without kid, or with a session claim that does not match sub/jti', async () => {
    const server0 = moonkey()
    await expectAuthError(server0.verifySessionJwt(await mint(first, clock, { header: { kid: undefined } })), 'invalid_token')
    const otherSession = { id: 'sess_2', user_id: 'user_1', started_at: 0, expires_at: 9e9, last_active_at: 0, factors: [] }
    await expectAuthError(server0.verifySessionJwt(await mint(first, clock, { claims: { session: otherSession } })), 'invalid_token')
  })

  it('allows 5 s of clock skew, then answers token_expired', async () => {
    const server0 = moonkey()
    const jwt = await mint(first, clock)
    clock += 304_000
    await server0.verifySessionJwt(jwt)
    clock += 2_000
    await expectAuthError(server0.verifySessionJwt(jwt), 'token_expired')
  })

  it('answers api_unavailable when the JWKS cannot be fetched and nothing is cached', async () => {
    server.failing = true
    await expectAuthError(moonkey().verifySessionJwt(await mint(first, clock)), 'api_unavailable')
  })

  it('keeps verifying with stale keys while the JWKS endpoint fails, and retries after the cooldown', async () => {
    const server0 = moonkey()
    await server0.verifySessionJwt(await mint(first, clock))
    server.failing = true
    clock += 61_000
    const jwt = await mint(first, clock)
    await Promise.all(Array.from({ length: 10 }, () => server0.verifySessionJwt(jwt)))
    await vi.waitFor(() => expect(server.fetches).toBe(2))
    await server0.verifySessionJwt(jwt)
    expect(server.fetches).toBe(2)
    server.failing = false
    clock += 31_000
    await server0.verifySessionJwt(await mint(first, clock))
    await vi.waitFor(() => expect(server.fetches).toBe(3))
  })

  it('serves known kids from a stale JWKS at once while a hanging host is revalidated in the background', async () => {
    const hanging = hangingFetch()
    const server0 = moonkey({ fetch: hanging.fetch })
    await server0.verifySessionJwt(await mint(first, clock))
    clock += 61_000
    hanging.hang = true
    server.keys = [second, first]
    const jwt = await mint(first, clock)
    // The host holds the refresh; verifications with a cached kid do not wait for it.
    expect((await server0.verifySessionJwt(jwt)).userId).toBe('user_1')
    await Promise.all(Array.from({ length: 20 }, () => server0.verifySessionJwt(jwt)))
    expect(hanging.held).toBe(1)
    // The refresh, once answered, brings the new key.
    hanging.release()
    expect((await server0.verifySessionJwt(await mint(second, clock))).userId).toBe('user_1')
    expect(hanging.held).toBe(1)
    expect(server.fetches).toBe(2)
  })

  it('an unknown kid waits for the refresh, at most timeoutMs, while known kids keep verifying', async () => {
    const hanging = hangingFetch({ honourAbort: true })
    const server0 = moonkey({ fetch: hanging.fetch, timeoutMs: 100 })
    await server0.verifySessionJwt(await mint(first, clock))
    clock += 61_000
    hanging.hang = true
    const unknown = server0.verifySessionJwt(await mint(second, clock))
    expect((await server0.verifySessionJwt(await mint(first, clock))).userId).toBe('user_1')
    await expectAuthError(unknown, 'api_unavailable')
    expect(hanging.held).toBe(1)
  })
})
